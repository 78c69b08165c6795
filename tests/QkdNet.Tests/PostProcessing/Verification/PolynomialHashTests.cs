using QkdNet.PostProcessing.Verification;
using QkdNet.Primitives;

namespace QkdNet.Tests.PostProcessing.Verification;

public sealed class PolynomialHashTests
{
    private static ulong[] RandomWords(int count, Random rng)
    {
        var words = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            words[i] = (ulong)rng.NextInt64() ^ ((ulong)rng.Next(2) << 63);
        }

        return words;
    }

    private static ulong PolynomialSum(ulong key, ReadOnlySpan<ulong> words)
    {
        // h = sum_i w_i k^(L - i), evaluated term by term with Power (no Horner).
        ulong h = 0;
        for (int i = 0; i < words.Length; i++)
        {
            h ^= Gf64.Multiply(words[i], Gf64.Power(key, (ulong)(words.Length - i)));
        }

        return h;
    }

    [Fact]
    public void Absorb_AnyLength_EqualsTermByTermPolynomial()
    {
        var rng = new Random(1);
        foreach (int length in new[] { 0, 1, 7, 8, 15, 16, 17, 31, 64, 100, 1001 })
        {
            ulong key = (ulong)rng.NextInt64();
            ulong[] words = RandomWords(length, rng);
            Assert.Equal(PolynomialSum(key, words), PolynomialHash.Absorb(0, key, words));
        }
    }

    [Fact]
    public void Absorb_InTwoParts_EqualsAbsorbInOne()
    {
        var rng = new Random(2);
        ulong key = (ulong)rng.NextInt64();
        ulong[] words = RandomWords(250, rng);
        ulong whole = PolynomialHash.Absorb(0, key, words);
        ulong split = PolynomialHash.Absorb(PolynomialHash.Absorb(0, key, words.AsSpan(0, 37)), key, words.AsSpan(37));
        Assert.Equal(whole, split);
    }

    [Fact]
    public void AbsorbBytes_PartialLastWord_EqualsZeroPaddedWords()
    {
        var rng = new Random(3);
        ulong key = (ulong)rng.NextInt64();
        var bytes = new byte[203];
        rng.NextBytes(bytes);
        var padded = new byte[208];
        bytes.CopyTo(padded, 0);
        ulong[] words = new ulong[26];
        Buffer.BlockCopy(padded, 0, words, 0, 208);
        Assert.Equal(PolynomialHash.Absorb(0, key, words), PolynomialHash.AbsorbBytes(0, key, bytes));
    }
}
