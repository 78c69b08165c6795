using QkdNet.PostProcessing.PrivacyAmplification;
using QkdNet.Primitives;

namespace QkdNet.Tests.PostProcessing.PrivacyAmplification;

public sealed class ToeplitzHashTests
{
    private static BitString RandomBits(int length, Random rng) =>
        BitString.FromWords(CarrylessPolynomialTests.RandomWords(BitString.WordCount(length), rng), length);

    public static TheoryData<int, int> SmallSizes => new()
    {
        { 1, 1 }, { 2, 1 }, { 5, 3 }, { 63, 1 }, { 64, 64 }, { 65, 33 }, { 100, 99 }, { 127, 64 },
        { 129, 2 }, { 200, 150 }, { 257, 129 }, { 1000, 7 }, { 1001, 999 }, { 2113, 1500 }, { 4097, 100 },
    };

    [Theory]
    [MemberData(nameof(SmallSizes))]
    public void Compute_KaratsubaAlgorithm_EqualsNaiveProductOnOddSizes(int n, int m)
    {
        var rng = new Random((n * 31) + m);
        BitString input = RandomBits(n, rng), seed = RandomBits(n + m - 1, rng);
        Assert.Equal(
            ToeplitzHash.Compute(input, seed, m, ToeplitzAlgorithm.Naive),
            ToeplitzHash.Compute(input, seed, m, ToeplitzAlgorithm.Karatsuba));
    }

    [Theory]
    [MemberData(nameof(SmallSizes))]
    public void Compute_AdditiveFftAlgorithm_EqualsNaiveProductOnOddSizes(int n, int m)
    {
        var rng = new Random((n * 37) + m);
        BitString input = RandomBits(n, rng), seed = RandomBits(n + m - 1, rng);
        Assert.Equal(
            ToeplitzHash.Compute(input, seed, m, ToeplitzAlgorithm.Naive),
            ToeplitzHash.Compute(input, seed, m, ToeplitzAlgorithm.AdditiveFft));
    }

    [Fact]
    public void Compute_FastAlgorithms_EqualNaiveProductOnRandomSizes()
    {
        var rng = new Random(2024);
        for (int t = 0; t < 40; t++)
        {
            int n = rng.Next(1, 1500);
            int m = rng.Next(1, n + 1);
            BitString input = RandomBits(n, rng), seed = RandomBits(n + m - 1, rng);
            BitString expected = ToeplitzHash.Compute(input, seed, m, ToeplitzAlgorithm.Naive);
            Assert.Equal(expected, ToeplitzHash.Compute(input, seed, m, ToeplitzAlgorithm.Karatsuba));
            Assert.Equal(expected, ToeplitzHash.Compute(input, seed, m, ToeplitzAlgorithm.AdditiveFft));
        }
    }

    [Fact]
    public void Compute_NaiveAlgorithm_EqualsExplicitToeplitzMatrix()
    {
        // T[i, j] = seed[i - j + n - 1]: first row is seed[n-1] .. seed[0], first column seed[n-1 ..].
        var rng = new Random(3);
        const int n = 9, m = 4;
        BitString input = RandomBits(n, rng), seed = RandomBits(n + m - 1, rng);
        BitString y = ToeplitzHash.Compute(input, seed, m, ToeplitzAlgorithm.Naive);
        for (int i = 0; i < m; i++)
        {
            int bit = 0;
            for (int j = 0; j < n; j++)
            {
                int t = i == 0 ? seed.Bit(n - 1 - j) : (j == 0 ? seed.Bit(n - 1 + i) : -1);
                int tij = t >= 0 ? t : seed.Bit(i - j + n - 1);
                bit ^= tij & input.Bit(j);
            }

            Assert.Equal(bit == 1, y[i]);
        }
    }

    [Theory]
    [InlineData(100_000, 60_000)]
    [InlineData(262_143, 1_000)]
    public void Compute_FastAlgorithms_AgreeOnLargeSizes(int n, int m) => AssertFastAlgorithmsAgree(n, m);

    [Fact]
    [Trait("Category", "Slow")]
    public void Compute_FastAlgorithms_AgreeOnOneMegabitBlock() => AssertFastAlgorithmsAgree(1_000_000, 700_001);

    [Theory]
    [InlineData(1000, 1)]
    [InlineData(39_999, 1)]
    [InlineData(40_000, 2)]
    [InlineData(100_000_000, 2)]
    public void ChooseAlgorithm_ByInputSize_PicksKaratsubaBelowThresholdAndFftAbove(int n, int expected)
    {
        Assert.Equal((ToeplitzAlgorithm)expected, ToeplitzHash.ChooseAlgorithm(n));
    }

    private static void AssertFastAlgorithmsAgree(int n, int m)
    {
        var rng = new Random(n ^ m);
        BitString input = RandomBits(n, rng), seed = RandomBits(n + m - 1, rng);
        Assert.Equal(
            ToeplitzHash.Compute(input, seed, m, ToeplitzAlgorithm.Karatsuba),
            ToeplitzHash.Compute(input, seed, m, ToeplitzAlgorithm.AdditiveFft));
    }

    [Fact]
    public void Compute_IsLinearInTheInput()
    {
        var rng = new Random(4);
        const int n = 5000, m = 3000;
        BitString x1 = RandomBits(n, rng), x2 = RandomBits(n, rng), seed = RandomBits(n + m - 1, rng);
        BitString sum = x1.Clone();
        sum.Xor(x2);
        BitString expected = ToeplitzHash.Compute(x1, seed, m);
        expected.Xor(ToeplitzHash.Compute(x2, seed, m));
        Assert.Equal(expected, ToeplitzHash.Compute(sum, seed, m));
    }

    [Fact]
    public void Compute_SeedOneBitShort_ThrowsArgumentExceptionNamingSeed()
    {
        var ex = Assert.Throws<ArgumentException>(() => ToeplitzHash.Compute(new BitString(100), new BitString(148), 50));
        Assert.Equal("seed", ex.ParamName);
    }

    [Theory]
    [InlineData(100, 0)]
    [InlineData(100, 101)]
    [InlineData(0, 1)]
    public void Compute_OutputSizeOutOfRange_ThrowsArgumentException(int n, int m)
    {
        Assert.Throws<ArgumentException>(() => ToeplitzHash.Compute(new BitString(n), new BitString(Math.Max(0, n + m - 1)), m));
    }

    [Fact]
    public void SeedBits_IsInputPlusOutputMinusOne()
    {
        Assert.Equal(1_499_999, ToeplitzHash.SeedBits(1_000_000, 500_000));
    }
}
