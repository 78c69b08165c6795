using System.Numerics;
using QkdNet.Services.Statistics.Field;

namespace QkdNet.Tests.Services.Statistics;

public sealed class Fp61Tests
{
    private static readonly BigInteger P = (BigInteger.One << 61) - 1;

    [Fact]
    public void Mul_RandomOperands_AgreesWithBigInteger()
    {
        var random = new Random(7);
        for (int i = 0; i < 10_000; i++)
        {
            ulong a = (ulong)random.NextInt64() % Fp61.P, b = (ulong)random.NextInt64() % Fp61.P;
            Assert.Equal((ulong)(new BigInteger(a) * b % P), Fp61.Mul(a, b));
        }

        Assert.Equal(1UL, Fp61.Mul(Fp61.P - 1, Fp61.P - 1));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    [InlineData(123_456_789_012L)]
    [InlineData(-1_000_000_000_000L)]
    public void FromSigned_ThenToSigned_RoundTripsWithinHalfTheField(long x)
    {
        ulong element = Fp61.FromSigned(x);
        Assert.True(element < Fp61.P);
        Assert.Equal((ulong)(((new BigInteger(x) % P) + P) % P), element);
        if (Math.Abs((double)x) < Fp61.MaxSigned)
        {
            Assert.Equal(x, Fp61.ToSigned(element));
        }
    }

    [Fact]
    public void SumAndDot_LongColumnsNearP_AgreeWithBigInteger()
    {
        var a = Enumerable.Range(0, 1000).Select(i => Fp61.P - 1 - (ulong)i).ToArray();
        var b = Enumerable.Range(0, 1000).Select(i => Fp61.P - 7 - (ulong)(3 * i)).ToArray();
        BigInteger sum = a.Aggregate(BigInteger.Zero, (s, x) => s + x) % P;
        BigInteger dot = a.Zip(b).Aggregate(BigInteger.Zero, (s, x) => s + (new BigInteger(x.First) * x.Second)) % P;
        Assert.Equal((ulong)sum, Fp61.Sum(a));
        Assert.Equal((ulong)dot, Fp61.Dot(a, b));
    }

    [Fact]
    public void BatchInverse_EachTimesOriginal_IsOne()
    {
        ulong[] values = [1, 2, 3, Fp61.P - 1, 1UL << 60, 987_654_321];
        ulong[] inverses = (ulong[])values.Clone();
        Fp61.BatchInverse(inverses);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(1UL, Fp61.Mul(values[i], inverses[i]));
        }
    }

    [Fact]
    public void Sqrt_OfASquare_SquaresBack()
    {
        for (ulong x = 2; x < 2000; x += 37)
        {
            ulong square = Fp61.Mul(x, x);
            ulong root = Fp61.Sqrt(square);
            Assert.Equal(square, Fp61.Mul(root, root));
        }
    }

    [Fact]
    public void SqrtInPlace_GivesTheSameRootsAsSqrt()
    {
        ulong[] squares = [.. Enumerable.Range(2, 103).Select(x => Fp61.Mul((ulong)x * 1_000_003, (ulong)x * 1_000_003))];
        ulong[] roots = (ulong[])squares.Clone();
        Fp61.SqrtInPlace(roots);
        Assert.Equal(squares.Select(Fp61.Sqrt), roots);
    }
}
