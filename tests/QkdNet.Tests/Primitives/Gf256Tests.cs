using QkdNet.Primitives;

namespace QkdNet.Tests.Primitives;

public sealed class Gf256Tests
{
    [Fact]
    public void Multiply_EveryPair_EqualsTheBitByBitProduct()
    {
        for (int a = 0; a < 256; a++)
        {
            for (int b = 0; b < 256; b++)
            {
                Assert.Equal(Gf256.MultiplyReference((byte)a, (byte)b), Gf256.Multiply((byte)a, (byte)b));
            }
        }
    }

    [Fact]
    public void MultiplyReference_AesExample_Matches()
    {
        // FIPS 197, Sec. 4.2: {57} • {83} = {c1}
        Assert.Equal(0xC1, Gf256.MultiplyReference(0x57, 0x83));
    }

    [Fact]
    public void Multiply_IsCommutativeAndDistributive()
    {
        var random = new Random(7);
        for (int i = 0; i < 2000; i++)
        {
            byte a = (byte)random.Next(256), b = (byte)random.Next(256), c = (byte)random.Next(256);
            Assert.Equal(Gf256.Multiply(a, b), Gf256.Multiply(b, a));
            Assert.Equal(Gf256.Multiply(a, (byte)(b ^ c)), Gf256.Multiply(a, b) ^ Gf256.Multiply(a, c));
        }
    }

    [Fact]
    public void Inverse_EveryNonZeroElement_MultipliesToOne()
    {
        for (int a = 1; a < 256; a++)
        {
            Assert.Equal(1, Gf256.Multiply((byte)a, Gf256.Inverse((byte)a)));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void MultiplyAdd_AnyLength_MatchesTheScalarDefinition(bool vector)
    {
        var random = new Random(5);
        foreach (int length in new[] { 0, 1, 31, 32, 63, 64, 65, 200, 1000 })
        {
            byte[] source = new byte[length], accumulator = new byte[length];
            random.NextBytes(source);
            random.NextBytes(accumulator);
            byte constant = (byte)random.Next(256);
            byte[] expected = [.. accumulator.Select((acc, i) => (byte)(acc ^ Gf256.MultiplyReference(constant, source[i])))];

            Gf256.MultiplyAdd(accumulator, source, constant, vector);

            Assert.Equal(expected, accumulator);
        }
    }
}
