using QkdNet.Primitives.SecretSharing;

namespace QkdNet.Tests.Primitives.SecretSharing;

public sealed class SegmentedShamirSplitTests
{
    private const int Segment = 4096;

    [Theory]
    [InlineData(2, 3, 3 * Segment)]
    [InlineData(3, 5, (2 * Segment) + 77)]
    [InlineData(4, 6, 100)]
    public void Writers_EachOnTheirOwn_GiveSharesThatEveryKSubsetRebuilds(int k, int n, int length)
    {
        byte[] secret = Bytes(length, seed: length);
        using var split = new SegmentedShamirSplit(k, Segment);

        SecretShare[] shares = [.. Enumerable.Range(1, n).Select(x => new SecretShare((byte)x, WriteShare(split, (byte)x, secret)))];

        foreach (int[] subset in Subsets(n, k))
        {
            Assert.Equal(secret, ShamirSharing.Combine([.. subset.Select(i => shares[i])], k).Value);
        }
    }

    [Fact]
    public void Write_SegmentsOutOfOrderAndAgain_GivesTheSameBytes()
    {
        byte[] secret = Bytes(3 * Segment, seed: 2);
        using var split = new SegmentedShamirSplit(3, Segment);
        byte[] inOrder = WriteShare(split, 2, secret);
        byte[] share = new byte[secret.Length];

        using (SegmentedShamirSplit.ShareWriter writer = split.Writer(2))
        {
            foreach (int r in new[] { 2, 0, 1, 0 })
            {
                writer.Write(r, secret.AsSpan(r * Segment, Segment), share.AsSpan(r * Segment, Segment));
            }
        }

        Assert.Equal(inOrder, share);
    }

    [Fact]
    public void Splits_OfTheSameSecret_DrawFreshCoefficients()
    {
        byte[] secret = Bytes(Segment, seed: 3);
        using var first = new SegmentedShamirSplit(2, Segment);
        using var second = new SegmentedShamirSplit(2, Segment);

        Assert.NotEqual(WriteShare(first, 1, secret), WriteShare(second, 1, secret));
    }

    [Fact]
    public void Write_KMinusOneSharesOfAConstantSecret_LookUniform()
    {
        // k = 2: one share of the all-zero secret is the keystream's coefficient times x, so it must be uniform over the
        // 256 byte values (chi-square, 255 degrees of freedom, far tail 400) and not the secret
        byte[] secret = new byte[16 * Segment];
        using var split = new SegmentedShamirSplit(2, Segment);
        byte[] share = WriteShare(split, 3, secret);
        long[] counts = new long[256];
        foreach (byte b in share)
        {
            counts[b]++;
        }

        double expected = share.Length / 256.0;
        Assert.True(counts.Sum(c => (c - expected) * (c - expected) / expected) < 400);
    }

    [Fact]
    public void Constructor_ThresholdBelowTwo_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SegmentedShamirSplit(1, Segment));

    private static byte[] WriteShare(SegmentedShamirSplit split, byte x, byte[] secret)
    {
        byte[] share = new byte[secret.Length];
        using SegmentedShamirSplit.ShareWriter writer = split.Writer(x);
        for (int at = 0, r = 0; at < secret.Length; at += Segment, r++)
        {
            int length = Math.Min(Segment, secret.Length - at);
            writer.Write(r, secret.AsSpan(at, length), share.AsSpan(at, length));
        }

        return share;
    }

    private static IEnumerable<int[]> Subsets(int n, int k) =>
        k == 0 ? [[]] : Enumerable.Range(0, n).SelectMany(first => Subsets(n - first - 1, k - 1).Select(rest => (int[])[first, .. rest.Select(r => r + first + 1)]));

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
