using QkdNet.PostProcessing.PrivacyAmplification;
using QkdNet.Primitives;

namespace QkdNet.Tests.PostProcessing.PrivacyAmplification;

public sealed class AdditiveFftTests
{
    [Fact]
    public void CantorBasis_SatisfiesDefiningRecurrence()
    {
        ulong[] v = CantorBasis.Elements;
        Assert.Equal(1UL, v[0]);
        for (int i = 1; i < v.Length; i++)
        {
            Assert.Equal(v[i - 1], Gf64.Multiply(v[i], v[i]) ^ v[i]);
        }
    }

    [Fact]
    public void SubspaceValues_VanishOnLowerBasisAndAreOneOnOwn()
    {
        for (int i = 0; i < 20; i++)
        {
            for (int j = 0; j < i; j++)
            {
                Assert.Equal(0UL, CantorBasis.SubspaceValues[i][j]);
            }

            Assert.Equal(1UL, CantorBasis.SubspaceValues[i][i]);
        }
    }

    [Fact]
    public void NovelBasisConversion_RoundTrips()
    {
        var rng = new Random(11);
        ulong[] f = CarrylessPolynomialTests.RandomWords(1 << 10, rng);
        ulong[] g = (ulong[])f.Clone();
        AdditiveFft.ToNovelBasis(g, 10);
        Assert.NotEqual(f, g);
        AdditiveFft.FromNovelBasis(g, 10);
        Assert.Equal(f, g);
    }

    [Fact]
    public void Forward_MonomialPolynomial_EqualsHornerEvaluationAtSubspacePoints()
    {
        const int logSize = 6;
        var rng = new Random(12);
        ulong[] coefficients = CarrylessPolynomialTests.RandomWords(1 << logSize, rng);
        ulong[] d = (ulong[])coefficients.Clone();
        AdditiveFft.ToNovelBasis(d, logSize);
        AdditiveFft.Forward(d, logSize);
        for (int i = 0; i < 1 << logSize; i++)
        {
            ulong point = 0;
            for (int j = 0; j < logSize; j++)
            {
                point ^= ((i >> j) & 1) != 0 ? CantorBasis.Elements[j] : 0;
            }

            ulong value = 0;
            for (int k = coefficients.Length - 1; k >= 0; k--)
            {
                value = Gf64.Multiply(value, point) ^ coefficients[k];
            }

            Assert.Equal(value, d[i]);
        }
    }

    [Fact]
    public void Inverse_AfterForward_RestoresCoefficients()
    {
        var rng = new Random(13);
        ulong[] f = CarrylessPolynomialTests.RandomWords(1 << 9, rng);
        ulong[] g = (ulong[])f.Clone();
        AdditiveFft.Forward(g, 9);
        AdditiveFft.Inverse(g, 9);
        Assert.Equal(f, g);
    }

    [Theory]
    [InlineData(16, 3)]
    [InlineData(16, 14)]
    [InlineData(17, 15)]
    public void Forward_WithZeroUpperCoefficients_EqualsFullTransform(int logSize, int dataLog)
    {
        var rng = new Random(logSize * dataLog);
        var full = new ulong[1 << logSize];
        CarrylessPolynomialTests.RandomWords(1 << dataLog, rng).CopyTo(full, 0);
        ulong[] skipping = (ulong[])full.Clone();
        AdditiveFft.Forward(full, logSize);
        AdditiveFft.Forward(skipping, logSize, dataLog);
        Assert.Equal(full, skipping);
    }
}
