using QkdNet.PostProcessing.PrivacyAmplification;

namespace QkdNet.Tests.PostProcessing.PrivacyAmplification;

public sealed class CarrylessPolynomialTests
{
    internal static ulong[] RandomWords(int count, Random rng)
    {
        var words = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            words[i] = (ulong)rng.NextInt64() ^ ((ulong)rng.Next(2) << 63);
        }

        return words;
    }

    private static ulong[] BitByBitProduct(ulong[] a, ulong[] b)
    {
        var product = new ulong[a.Length + b.Length];
        for (int i = 0; i < a.Length * 64; i++)
        {
            if (((a[i >> 6] >> (i & 63)) & 1) == 0)
            {
                continue;
            }

            for (int j = 0; j < b.Length * 64; j++)
            {
                product[(i + j) >> 6] ^= ((b[j >> 6] >> (j & 63)) & 1) << ((i + j) & 63);
            }
        }

        return product;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(5, 7)]
    [InlineData(8, 8)]
    public void MultiplySchoolbook_SmallOperands_EqualsBitByBitProduct(int na, int nb)
    {
        var rng = new Random((na * 100) + nb);
        ulong[] a = RandomWords(na, rng), b = RandomWords(nb, rng);
        var product = new ulong[na + nb];
        CarrylessPolynomial.MultiplySchoolbook(a, b, product);
        Assert.Equal(BitByBitProduct(a, b), product);
    }

    [Theory]
    [InlineData(33, 33)]
    [InlineData(65, 64)]
    [InlineData(200, 77)]
    [InlineData(77, 513)]
    [InlineData(1000, 999)]
    public void Multiply_KaratsubaSizes_EqualsSchoolbook(int na, int nb)
    {
        var rng = new Random((na * 1000) + nb);
        ulong[] a = RandomWords(na, rng), b = RandomWords(nb, rng);
        var expected = new ulong[na + nb];
        var actual = new ulong[na + nb];
        CarrylessPolynomial.MultiplySchoolbook(a, b, expected);
        CarrylessPolynomial.Multiply(a, b, actual);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(64, 64)]
    [InlineData(300, 129)]
    [InlineData(1000, 1500)]
    public void AdditiveFftMultiply_AnySizes_EqualsSchoolbook(int na, int nb)
    {
        var rng = new Random((na * 7) + nb);
        ulong[] a = RandomWords(na, rng), b = RandomWords(nb, rng);
        var expected = new ulong[na + nb];
        var actual = new ulong[na + nb];
        CarrylessPolynomial.MultiplySchoolbook(a, b, expected);
        AdditiveFftMultiplier.Multiply(a, b, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Multiply_ProductOfWrongSize_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => CarrylessPolynomial.Multiply(new ulong[2], new ulong[2], new ulong[3]));
    }
}
