using QkdNet.Services.PseudoData;

namespace QkdNet.Tests.Services.PseudoData;

public sealed class TseTickSizeTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3_000, 1)]
    [InlineData(3_001, 5)]
    [InlineData(5_000, 5)]
    [InlineData(5_001, 10)]
    [InlineData(30_001, 50)]
    [InlineData(50_001, 100)]
    [InlineData(300_001, 500)]
    [InlineData(500_001, 1_000)]
    [InlineData(3_000_001, 5_000)]
    [InlineData(5_000_001, 10_000)]
    [InlineData(30_000_001, 50_000)]
    [InlineData(50_000_001, 100_000)]
    public void At_BandBoundaries_GiveTheExchangeTick(long price, long tick)
    {
        Assert.Equal(tick, TseTickSize.At(price));
    }

    [Theory]
    [InlineData(3_003, 3_000)]
    [InlineData(3_007, 3_005)]
    [InlineData(2_999, 2_999)]
    [InlineData(0, 1)]
    [InlineData(-40, 1)]
    public void RoundDown_GivesTheGridPriceAtOrBelow(long price, long rounded)
    {
        Assert.Equal(rounded, TseTickSize.RoundDown(price));
        Assert.True(TseTickSize.IsOnTick(rounded));
    }
}
