using QkdNet.Primitives;

namespace QkdNet.Tests.Primitives;

public sealed class BitStringTests
{
    private static BitString RandomBits(int length, int seed)
    {
        var rng = new Random(seed);
        var s = new BitString(length);
        for (int i = 0; i < length; i++)
        {
            s[i] = rng.Next(2) == 1;
        }

        return s;
    }

    private static int SlowParity(BitString s, int start, int count)
    {
        int p = 0;
        for (int i = start; i < start + count; i++)
        {
            p ^= s.Bit(i);
        }

        return p;
    }

    [Fact]
    public void Parity_OfAnyRange_MatchesBitByBitParity()
    {
        var s = RandomBits(1000, 1);
        var rng = new Random(2);
        for (int t = 0; t < 2000; t++)
        {
            int start = rng.Next(1000);
            int count = rng.Next(1000 - start + 1);
            Assert.Equal(SlowParity(s, start, count), s.Parity(start, count));
        }
    }

    [Fact]
    public void Slice_ReturnsTheSameBitsAtAnyOffset()
    {
        var s = RandomBits(517, 3);
        for (int start = 0; start < 130; start += 7)
        {
            var slice = s.Slice(start, 300);
            for (int i = 0; i < 300; i++)
            {
                Assert.Equal(s.Bit(start + i), slice.Bit(i));
            }
        }
    }

    [Fact]
    public void FromBytes_ToBytes_RoundTripsAndMasksTail()
    {
        byte[] bytes = [0xFF, 0x0F, 0xAB];
        var s = BitString.FromBytes(bytes, 20);
        Assert.Equal(20, s.Length);
        Assert.Equal(new byte[] { 0xFF, 0x0F, 0x0B }, s.ToBytes());
        Assert.Equal(8 + 4 + 3, s.PopCount());
    }

    [Fact]
    public void Xor_ThenHammingDistance_CountsDifferences()
    {
        var a = RandomBits(200, 4);
        var b = a.Clone();
        b.Flip(3);
        b.Flip(150);
        Assert.Equal(2, a.HammingDistance(b));
        b.Xor(a);
        Assert.Equal(2, b.PopCount());
    }

    [Fact]
    public void ToString_NeverShowsTheBits()
    {
        var s = BitString.FromBytes([0xDE, 0xAD]);
        Assert.Equal("BitString(16 bits)", s.ToString());
    }

    [Fact]
    public void Clear_ZeroesEveryWord()
    {
        var s = BitString.Random(1000);
        s.Clear();
        Assert.Equal(0, s.PopCount());
    }

    [Fact]
    public void Equals_ComparesLengthAndBits()
    {
        var a = RandomBits(70, 5);
        var b = a.Clone();
        Assert.Equal(a, b);
        b.Flip(69);
        Assert.NotEqual(a, b);
        Assert.NotEqual(a, a.Slice(0, 69));
    }
}
