using QkdNet.Quantum;

namespace QkdNet.Tests.Quantum;

public sealed class QberTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.02)]
    [InlineData(0.5)]
    [InlineData(0.75)]
    [InlineData(1.0)]
    public void TryCreate_FractionFromZeroToOne_IsKept(double fraction)
    {
        Assert.True(Qber.TryCreate(fraction, out Qber qber));
        Assert.Equal(fraction, qber.Fraction);
    }

    [Theory]
    [InlineData(-0.001)]
    [InlineData(1.001)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void TryCreate_NotAFractionFromZeroToOne_IsRefused(double fraction)
    {
        Assert.False(Qber.TryCreate(fraction, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => Qber.Create(fraction));
    }

    [Fact]
    public void Default_IsZero() => Assert.Equal(Qber.Create(0), default);

    [Theory]
    [InlineData(0, 0, 0.0)]
    [InlineData(3, 100, 0.03)]
    [InlineData(100, 100, 1.0)]
    public void FromCounts_IsErrorsOverBits(long errors, long bits, double expected) =>
        Assert.Equal(expected, Qber.FromCounts(errors, bits).Fraction, 12);

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(11, 10)]
    [InlineData(0, -1)]
    public void FromCounts_ImpossibleCounts_Throw(long errors, long bits) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Qber.FromCounts(errors, bits));

    [Fact]
    public void Ordering_AgreesWithEqualityAndTheFraction()
    {
        Qber low = Qber.Create(0.02), high = Qber.Create(0.11), same = Qber.Create(0.02);

        Assert.True(low < high && high > low && low <= same && low >= same);
        Assert.False(low > high || high < low);
        Assert.Equal(0, low.CompareTo(same));
        Assert.Equal(low, same);
        Assert.Equal(low.GetHashCode(), same.GetHashCode());
        Assert.True(low.CompareTo(high) < 0 && high.CompareTo(low) > 0);
    }

    [Fact]
    public void ToString_IsAnInvariantPercentage() => Assert.Equal("2.50 %", Qber.Create(0.025).ToString());
}
