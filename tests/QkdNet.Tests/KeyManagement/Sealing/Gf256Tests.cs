using QkdNet.KeyManagement.Sealing;

namespace QkdNet.Tests.KeyManagement.Sealing;

public sealed class Gf256Tests
{
    [Fact]
    public void Multiply_MatchesFips197Example() => Assert.Equal(0xC1, Gf256.Multiply(0x57, 0x83)); // FIPS-197 section 4.2

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
    public void Inverse_TimesValue_IsOneForEveryNonZero()
    {
        for (int a = 1; a < 256; a++)
        {
            Assert.Equal(1, Gf256.Multiply((byte)a, Gf256.Inverse((byte)a)));
        }
    }
}
