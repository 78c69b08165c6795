using QkdNet.PostProcessing.Verification;
using QkdNet.Primitives;

namespace QkdNet.Tests.PostProcessing.Verification;

public sealed class KeyVerifierTests
{
    private static BitString RandomKey(int bits, int seed)
    {
        var rng = new Random(seed);
        var words = new ulong[BitString.WordCount(bits)];
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = (ulong)rng.NextInt64() ^ ((ulong)rng.Next(2) << 63);
        }

        return BitString.FromWords(words, bits);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(100_003)]
    public void Verify_EqualKeys_ReturnsTrue(int bits)
    {
        BitString alice = RandomKey(bits, bits);
        BitString bob = alice.Clone();
        Assert.True(KeyVerifier.Verify(bob, KeyVerifier.CreateTag(alice)));
    }

    [Fact]
    public void Verify_KeysDifferingInOneBit_ReturnsFalse()
    {
        BitString alice = RandomKey(10_007, 5);
        var rng = new Random(6);
        for (int t = 0; t < 200; t++)
        {
            BitString bob = alice.Clone();
            bob.Flip(rng.Next(bob.Length));
            Assert.False(KeyVerifier.Verify(bob, KeyVerifier.CreateTag(alice, (ulong)rng.NextInt64())));
        }
    }

    [Fact]
    public void Verify_KeyWithExtraTrailingZeroBits_ReturnsFalse()
    {
        BitString alice = RandomKey(640, 7);
        var bob = new BitString(704);
        alice.ReadOnlyWords.CopyTo(bob.Words);
        Assert.False(KeyVerifier.Verify(bob, KeyVerifier.CreateTag(alice)));
    }

    [Fact]
    public void Verify_TamperedTag_ReturnsFalse()
    {
        BitString key = RandomKey(5000, 8);
        byte[] tag = KeyVerifier.CreateTag(key);
        tag[12] ^= 0x10;
        Assert.False(KeyVerifier.Verify(key, tag));
    }

    [Fact]
    public void Verify_TagOfWrongSize_ThrowsArgumentException()
    {
        BitString key = RandomKey(64, 9);
        Assert.Throws<ArgumentException>(() => KeyVerifier.Verify(key, new byte[15]));
    }

    [Fact]
    public void CreateTag_TwoCalls_UseDifferentRandomHashKeys()
    {
        BitString key = RandomKey(64, 10);
        Assert.NotEqual(KeyVerifier.CreateTag(key), KeyVerifier.CreateTag(key));
    }

    [Fact]
    public void CollisionProbabilityBound_IsWordsPlusOneOver2To64()
    {
        Assert.Equal(17 / Math.Pow(2, 64), KeyVerifier.CollisionProbabilityBound(1024));
    }
}
