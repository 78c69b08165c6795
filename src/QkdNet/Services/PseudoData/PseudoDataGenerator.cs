using QkdNet.Primitives;

namespace QkdNet.Services.PseudoData;

/// <summary>
/// Realistic test data for the trading, secure-cloud and statistics services: limit orders on TSE-style symbols,
/// and the <c>customers</c> and <c>trades</c> tables. Every stream is lazy (millions of rows cost no memory) and
/// a function of the seed alone: the same seed gives the same rows, bit for bit, each time a stream is enumerated.
/// </summary>
/// <remarks>
/// Randomness is <see cref="Random"/> with a seed on purpose: this is test data, where reproducibility is the
/// point, never key material (keys come from <see cref="System.Security.Cryptography.RandomNumberGenerator"/>).
/// Instances are immutable and thread-safe; each enumeration owns its generator.
/// </remarks>
public sealed class PseudoDataGenerator
{
    private const ulong SymbolStream = 0, OrderStream = 1, CustomerStream = 2, TradeStream = 3;

    private readonly int _seed;

    /// <summary>A generator over <paramref name="accounts"/> customers and <paramref name="symbols"/> symbols.</summary>
    public PseudoDataGenerator(int seed, int accounts = 1_000, int symbols = 50)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(accounts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(symbols, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(symbols, 8_000);
        _seed = seed;
        Accounts = accounts;
        Symbols = symbols;
    }

    /// <summary>Customers, ids 1 to this; orders and trades draw their AccountId here.</summary>
    public int Accounts { get; }

    /// <summary>Distinct symbols traded.</summary>
    public int Symbols { get; }

    /// <summary>
    /// <paramref name="count"/> limit orders: a symbol's price steps on its random walk, and the limit sits 0 to 4
    /// ticks on the passive side of it (below for a buy, above for a sell).
    /// </summary>
    public IEnumerable<PseudoOrder> Orders(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Generate(count);

        IEnumerable<PseudoOrder> Generate(long count)
        {
            Random random = Stream(OrderStream);
            var market = new TseMarket(Stream(SymbolStream), random, Symbols);
            for (long i = 1; i <= count; i++)
            {
                (int symbol, long mid) = market.Step();
                TradeSide side = random.Next(2) == 0 ? TradeSide.Buy : TradeSide.Sell;
                long offset = random.Next(5) * TseTickSize.At(mid);
                long limit = TseTickSize.RoundDown(side == TradeSide.Buy ? mid - offset : mid + offset);
                yield return new PseudoOrder(i, random.Next(1, Accounts + 1), market.Codes[symbol], side, market.Quantity(), limit);
            }
        }
    }

    /// <summary>The <c>customers</c> table: <paramref name="count"/> rows, ids 1 to <paramref name="count"/>.</summary>
    public IEnumerable<PseudoCustomer> Customers(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Generate(count);

        IEnumerable<PseudoCustomer> Generate(long count)
        {
            Random random = Stream(CustomerStream);
            for (long id = 1; id <= count; id++)
            {
                int age = random.Next(20, 90);

                // Balances spread over six orders of magnitude (1,000 yen to about 1 billion), most in the middle.
                long balance = random.Next(1_000, 10_000) * Magnitude(random.Next(100));
                int risk = Math.Clamp(random.Next(1, 6) - (age >= 65 ? 1 : 0) + (age < 35 ? 1 : 0), 1, 5);
                yield return new PseudoCustomer(id, age, Region(random.Next(100)), balance, risk);
            }
        }
    }

    /// <summary>
    /// The <c>trades</c> table: <paramref name="count"/> executions, <paramref name="perDay"/> to a weekday from
    /// <paramref name="firstDay"/> on (moved to the next weekday when it falls on a weekend).
    /// </summary>
    public IEnumerable<PseudoTrade> Trades(long count, DateOnly firstDay, int perDay = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(perDay, 1);
        return Generate(count);

        IEnumerable<PseudoTrade> Generate(long count)
        {
            Random random = Stream(TradeStream);
            var market = new TseMarket(Stream(SymbolStream), random, Symbols);
            DateOnly day = NextWeekday(firstDay);
            for (long i = 0; i < count; i++)
            {
                if (i > 0 && i % perDay == 0)
                {
                    day = NextWeekday(day.AddDays(1));
                }

                (int symbol, long price) = market.Step();
                TradeSide side = random.Next(2) == 0 ? TradeSide.Buy : TradeSide.Sell;
                yield return new PseudoTrade(random.Next(1, Accounts + 1), market.Codes[symbol], side, market.Quantity(), price, day);
            }
        }
    }

    /// <summary>One independent, reproducible generator per table, from the seed and the table's number.</summary>
    private Random Stream(ulong stream) =>
        new((int)(Xoshiro256StarStar.SplitMix(((ulong)(uint)_seed << 8) | stream) & int.MaxValue));

    private static DateOnly NextWeekday(DateOnly day) => day.DayOfWeek switch
    {
        DayOfWeek.Saturday => day.AddDays(2),
        DayOfWeek.Sunday => day.AddDays(1),
        _ => day,
    };

    // Population shares of the regions, in percent (rounded, Kanto the largest).
    private static JapanRegion Region(int percentile) => percentile switch
    {
        < 4 => JapanRegion.Hokkaido,
        < 11 => JapanRegion.Tohoku,
        < 46 => JapanRegion.Kanto,
        < 50 => JapanRegion.Hokuriku,
        < 63 => JapanRegion.Chubu,
        < 81 => JapanRegion.Kinki,
        < 87 => JapanRegion.Chugoku,
        < 90 => JapanRegion.Shikoku,
        < 99 => JapanRegion.Kyushu,
        _ => JapanRegion.Okinawa,
    };

    private static long Magnitude(int percentile) => percentile switch
    {
        < 10 => 1,
        < 35 => 10,
        < 70 => 100,
        < 90 => 1_000,
        < 98 => 10_000,
        _ => 100_000,
    };
}
