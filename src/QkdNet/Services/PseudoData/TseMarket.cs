namespace QkdNet.Services.PseudoData;

/// <summary>
/// A set of symbols whose prices walk on the TSE tick grid: each step moves one symbol by -2 to +2 ticks of its
/// current band. Integer arithmetic only, so a seed gives the same prices on every machine.
/// </summary>
internal sealed class TseMarket
{
    // Well-known TSE Prime codes first, so small symbol counts look familiar; their prices here are drawn, not real.
    private static readonly int[] FamousCodes =
    [
        7203, 6758, 9984, 8306, 6861, 9432, 8035, 4063, 6098, 9433,
        7974, 8058, 4502, 6501, 8316, 7267, 6902, 9983, 4568, 8001,
    ];

    private readonly Random _random;
    private readonly long[] _prices;

    /// <summary>
    /// Symbols and opening prices come from <paramref name="universe"/> (one seeded stream, so every table trades the
    /// same symbols); the walk and quantities from <paramref name="random"/>.
    /// </summary>
    public TseMarket(Random universe, Random random, int symbolCount)
    {
        _random = random;
        Codes = new int[symbolCount];
        _prices = new long[symbolCount];
        var used = new HashSet<int>();
        for (int i = 0; i < symbolCount; i++)
        {
            int code = i < FamousCodes.Length ? FamousCodes[i] : universe.Next(1301, 10_000);
            while (!used.Add(code))
            {
                code = universe.Next(1301, 10_000);
            }

            Codes[i] = code;
            _prices[i] = TseTickSize.RoundDown(universe.Next(200, 20_000));
        }
    }

    /// <summary>The four-digit code of each symbol.</summary>
    public int[] Codes { get; }

    /// <summary>Picks a symbol, moves its price one step, and returns its index and new price (whole yen).</summary>
    public (int Index, long PriceYen) Step()
    {
        int index = _random.Next(_prices.Length);
        long price = _prices[index] + (_random.Next(-2, 3) * TseTickSize.At(_prices[index]));
        _prices[index] = TseTickSize.RoundDown(price);
        return (index, _prices[index]);
    }

    /// <summary>Shares in lots of 100: mostly 1 to 10 lots, one order in ten 10 to 100 lots.</summary>
    public long Quantity() => 100L * (_random.Next(10) == 0 ? _random.Next(10, 101) : _random.Next(1, 11));
}
