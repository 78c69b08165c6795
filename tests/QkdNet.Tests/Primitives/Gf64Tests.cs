using QkdNet.Primitives;

namespace QkdNet.Tests.Primitives;

public sealed class Gf64Tests
{
    private static ulong NextUlong(Random rng) => (ulong)rng.NextInt64() ^ ((ulong)rng.Next(4) << 62);

    [Fact]
    public void Multiply_RandomPairs_EqualsBitByBitReference()
    {
        var rng = new Random(64);
        for (int t = 0; t < 20_000; t++)
        {
            ulong a = NextUlong(rng), b = NextUlong(rng);
            Assert.Equal(Gf64.MultiplyReference(a, b), Gf64.Multiply(a, b));
        }
    }

    [Fact]
    public void MultiplySoftware_RandomPairs_EqualsBitByBitReference()
    {
        var rng = new Random(65);
        for (int t = 0; t < 20_000; t++)
        {
            ulong a = NextUlong(rng), b = NextUlong(rng);
            Assert.Equal(Gf64.MultiplyReference(a, b), Gf64.MultiplySoftware(a, b));
        }
    }

    [Fact]
    public void CarrylessMultiply_HardwareAndSoftware_Agree()
    {
        var rng = new Random(66);
        for (int t = 0; t < 20_000; t++)
        {
            ulong a = NextUlong(rng), b = NextUlong(rng);
            ulong lo = Gf64.CarrylessMultiply(a, b, out ulong hi);
            ulong swLo = Gf64.CarrylessMultiplySoftware(a, b, out ulong swHi);
            Assert.Equal((swLo, swHi), (lo, hi));
        }
    }

    [Fact]
    public void Multiply_EdgeValues_EqualsReference()
    {
        ulong[] edges = [0, 1, 2, 0x1B, 1UL << 63, ulong.MaxValue, 0x8000_0000_0000_0001];
        foreach (ulong a in edges)
        {
            foreach (ulong b in edges)
            {
                Assert.Equal(Gf64.MultiplyReference(a, b), Gf64.Multiply(a, b));
            }
        }
    }

    [Fact]
    public void Multiply_XTimesXTo63_ReducesToFieldPolynomialTail()
    {
        // x * x^63 = x^64 = x^4 + x^3 + x + 1 modulo the field polynomial.
        Assert.Equal(0x1BUL, Gf64.Multiply(2, 1UL << 63));
    }

    [Fact]
    public void Multiply_SatisfiesFieldIdentities()
    {
        var rng = new Random(67);
        for (int t = 0; t < 2_000; t++)
        {
            ulong a = NextUlong(rng), b = NextUlong(rng), c = NextUlong(rng);
            Assert.Equal(a, Gf64.Multiply(1, a));
            Assert.Equal(0UL, Gf64.Multiply(0, a));
            Assert.Equal(Gf64.Multiply(a, b), Gf64.Multiply(b, a));
            Assert.Equal(Gf64.Multiply(a, b ^ c), Gf64.Multiply(a, b) ^ Gf64.Multiply(a, c));
            Assert.Equal(Gf64.Multiply(Gf64.Multiply(a, b), c), Gf64.Multiply(a, Gf64.Multiply(b, c)));
        }
    }

    [Fact]
    public void Power_OrderOfMultiplicativeGroup_GivesOne()
    {
        // Every nonzero element satisfies a^(2^64 - 1) = 1 (Lagrange), which fails if the
        // modulus were reducible for most a.
        var rng = new Random(68);
        for (int t = 0; t < 50; t++)
        {
            ulong a = NextUlong(rng) | 1;
            Assert.Equal(1UL, Gf64.Power(a, ulong.MaxValue));
        }
    }
}
