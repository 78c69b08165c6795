namespace QkdNet.Services.PseudoData;

/// <summary>
/// The Tokyo Stock Exchange's tick sizes for ordinary issues (the TOPIX 100 constituents trade on a finer table,
/// not modelled here), in whole yen.
/// </summary>
public static class TseTickSize
{
    /// <summary>The tick that applies at <paramref name="priceYen"/> (the price band it falls in, upper bound inclusive).</summary>
    public static long At(long priceYen) => priceYen switch
    {
        <= 3_000 => 1,
        <= 5_000 => 5,
        <= 30_000 => 10,
        <= 50_000 => 50,
        <= 300_000 => 100,
        <= 500_000 => 500,
        <= 3_000_000 => 1_000,
        <= 5_000_000 => 5_000,
        <= 30_000_000 => 10_000,
        <= 50_000_000 => 50_000,
        _ => 100_000,
    };

    /// <summary>True when <paramref name="priceYen"/> is positive and on the tick grid of its band.</summary>
    public static bool IsOnTick(long priceYen) => priceYen > 0 && priceYen % At(priceYen) == 0;

    /// <summary>The highest price on the grid at or below <paramref name="priceYen"/> (at least 1 yen).</summary>
    public static long RoundDown(long priceYen) => priceYen < 1 ? 1 : priceYen - (priceYen % At(priceYen));
}
