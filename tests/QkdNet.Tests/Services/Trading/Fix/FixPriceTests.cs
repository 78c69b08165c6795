using System.Text;
using QkdNet.Services.Trading.Fix;

namespace QkdNet.Tests.Services.Trading.Fix;

public sealed class FixPriceTests
{
    [Theory]
    [InlineData(21_505_000L, "2150.5")]
    [InlineData(21_500_000L, "2150")]
    [InlineData(1L, "0.0001")]
    [InlineData(0L, "0")]
    [InlineData(-15_000L, "-1.5")]
    [InlineData(long.MaxValue, "922337203685477.5807")]
    [InlineData(long.MinValue, "-922337203685477.5808")]
    public void ToString_WritesShortestExactDecimal(long units, string text)
    {
        Assert.Equal(text, new FixPrice(units).ToString());
    }

    [Theory]
    [InlineData("2150.5", 21_505_000L)]
    [InlineData("2150.50", 21_505_000L)]
    [InlineData(".5", 5_000L)]
    [InlineData("7.", 70_000L)]
    [InlineData("-0.0001", -1L)]
    public void TryParse_FixDecimal_GivesExactUnits(string text, long units)
    {
        Assert.True(FixPrice.TryParse(Encoding.ASCII.GetBytes(text), out FixPrice price));
        Assert.Equal(units, price.Units);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1.23456")]
    [InlineData("1e3")]
    [InlineData("+1")]
    [InlineData("1.2.3")]
    [InlineData("922337203685477")]
    [InlineData("99999999999999999999999")]
    public void TryParse_NotAFixDecimalOrOutOfRange_Fails(string text)
    {
        Assert.False(FixPrice.TryParse(Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public void FromWhole_Yen_IsTenThousandUnitsEach()
    {
        Assert.Equal(21_500_000L, FixPrice.FromWhole(2150).Units);
    }
}
