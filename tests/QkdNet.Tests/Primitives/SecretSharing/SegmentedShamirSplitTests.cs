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
    public void Writers_SharingCoefficientsOnParallelThreads_WriteTheSameSharesAsWritersOnTheirOwn()
    {
        const int n = 5;
        byte[] secret = Bytes((40 * Segment) + 123, seed: 5);
        using var split = new SegmentedShamirSplit(3, Segment, writers: n);
        byte[][] parallel = new byte[n][];

        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = n }, j => parallel[j] = WriteShare(split, (byte)(j + 1), secret));

        // written again one after another: each segment's shared coefficients are read by one writer only, so most are drawn
        // by each writer itself once the window is full; the bytes must not differ either way
        for (int j = 0; j < n; j++)
        {
            Assert.Equal(parallel[j], WriteShare(split, (byte)(j + 1), secret));
        }

        foreach (int[] subset in Subsets(n, 3))
        {
            Assert.Equal(secret, ShamirSharing.Combine([.. subset.Select(i => new SecretShare((byte)(i + 1), parallel[i]))], 3).Value);
        }
    }

    [Fact]
    public void Writer_PastTheSharedWindowAheadOfTheOther_StillWritesSharesThatRebuild()
    {
        // k = 2, 1 MiB segments: 32 segments' coefficients are held for the second writer; the first draws the rest itself
        const int segment = 1 << 20;
        int segments = (int)(SegmentedShamirSplit.SharedBytes / segment) + 4;
        byte[] secret = Bytes(segments * segment, seed: 6);
        using var split = new SegmentedShamirSplit(2, segment, writers: 2);

        byte[] ahead = WriteShare(split, 1, secret, segment);
        byte[] behind = WriteShare(split, 2, secret, segment);

        Assert.Equal(secret, ShamirSharing.Combine([new SecretShare(1, ahead), new SecretShare(2, behind)], 2).Value);
        Assert.Equal(ahead, WriteShare(split, 1, secret, segment));
    }

    [Fact]
    public void Constructor_ThresholdBelowTwo_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SegmentedShamirSplit(1, Segment));

    private static byte[] WriteShare(SegmentedShamirSplit split, byte x, byte[] secret, int segment = Segment)
    {
        byte[] share = new byte[secret.Length];
        using SegmentedShamirSplit.ShareWriter writer = split.Writer(x);
        for (int at = 0, r = 0; at < secret.Length; at += segment, r++)
        {
            int length = Math.Min(segment, secret.Length - at);
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
