using QkdNet.Primitives.SecretSharing;
using QkdNet.Services.Cloud.Client;
using QkdNet.Services.Cloud.Integrity;

namespace QkdNet.Tests.Services.Cloud.Client;

public sealed class ShareRebuilderTests
{
    private const int Length = 3000;

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static (byte[] Secret, SecretShare[] Shares, PlacedShare[] Placed) Stored(int k, int n, int seed)
    {
        byte[] secret = Bytes(Length, seed);
        SecretShare[] shares = ShamirSharing.Split(secret, k, n).Value;
        PlacedShare[] placed = [.. shares.Select((s, j) =>
        {
            byte[] key = Bytes(16, (seed * 100) + j);
            return new PlacedShare { Server = $"s{j + 1}", ShareId = $"{j:x32}", X = s.X, Version = 1, MacKey = key, Tag = ShareMac.Tag(key, s.Data, 1) };
        })];
        return (secret, shares, placed);
    }

    private static IEnumerable<int[]> Subsets(int n, int k) =>
        k == 0 ? [[]] : Enumerable.Range(0, n).SelectMany(first => Subsets(n, k - 1).Where(rest => rest.All(r => r > first)).Select(rest => (int[])[first, .. rest]));

    [Theory]
    [InlineData(2, 3)]
    [InlineData(3, 5)]
    [InlineData(4, 7)]
    public void EveryKSubset_VerifiesAndRebuildsTheData(int k, int n)
    {
        (byte[] secret, SecretShare[] shares, PlacedShare[] placed) = Stored(k, n, 1);
        int subsets = 0;
        foreach (int[] subset in Subsets(n, k))
        {
            Assert.All(subset, j => Assert.Null(ShareRebuilder.Check(placed[j], Length, shares[j].Data, 1)));
            Assert.Equal(secret, ShareRebuilder.Rebuild([.. subset.Select(j => (shares[j], 1L))], k).Value);
            subsets++;
        }

        Assert.Equal(Subsets(n, k).Count(), subsets);
        Assert.True(subsets >= n);
    }

    [Fact]
    public void CorruptedShare_FailsItsMac_AndTheRestStillRebuild()
    {
        (byte[] secret, SecretShare[] shares, PlacedShare[] placed) = Stored(3, 5, 2);
        shares[1].Data[1234] ^= 0x01;

        Assert.Contains("MAC", ShareRebuilder.Check(placed[1], Length, shares[1].Data, 1), StringComparison.Ordinal);
        var verified = Enumerable.Range(0, 5).Where(j => ShareRebuilder.Check(placed[j], Length, shares[j].Data, 1) is null).ToArray();
        Assert.Equal([0, 2, 3, 4], verified);
        Assert.Equal(secret, ShareRebuilder.Rebuild([.. verified.Select(j => (shares[j], 1L))], 3).Value);
    }

    [Fact]
    public void ShareOfAnotherObject_OrOfAnotherServer_IsCaught()
    {
        (_, SecretShare[] shares, PlacedShare[] placed) = Stored(3, 5, 3);
        (_, SecretShare[] other, _) = Stored(3, 5, 4);

        Assert.NotNull(ShareRebuilder.Check(placed[0], Length, other[0].Data, 1));
        Assert.NotNull(ShareRebuilder.Check(placed[0], Length, shares[1].Data, 1));
    }

    [Fact]
    public void StaleVersionOrWrongLength_IsCaught_AndAPendingRefreshIsAccepted()
    {
        (_, SecretShare[] shares, PlacedShare[] placed) = Stored(3, 5, 5);
        Assert.Contains("version 2", ShareRebuilder.Check(placed[0], Length, shares[0].Data, 2), StringComparison.Ordinal);
        Assert.Contains("bytes", ShareRebuilder.Check(placed[0], Length, shares[0].Data[..100], 1), StringComparison.Ordinal);

        byte[] delta = Bytes(Length, 6);
        byte[] refreshed = [.. shares[0].Data.ToArray().Zip(delta, (a, b) => (byte)(a ^ b))];
        PlacedShare pending = placed[0] with { PendingVersion = 2, PendingTag = ShareMac.Refreshed(placed[0].MacKey, placed[0].Tag, delta, 1) };
        Assert.Null(ShareRebuilder.Check(pending, Length, refreshed, 2));
        Assert.Null(ShareRebuilder.Check(pending, Length, shares[0].Data, 1));
    }

    [Fact]
    public void Rebuild_FewerThanKOfOneVersion_FailsNamingTheCount()
    {
        (_, SecretShare[] shares, _) = Stored(3, 5, 7);
        Result<byte[]> mixed = ShareRebuilder.Rebuild([(shares[0], 1L), (shares[1], 1L), (shares[2], 2L)], 3);
        Assert.False(mixed.IsSuccess);
        Assert.Contains("k = 3", mixed.Error, StringComparison.Ordinal);
    }
}
