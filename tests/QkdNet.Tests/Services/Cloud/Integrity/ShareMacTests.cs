using QkdNet.Primitives.SecretSharing;
using QkdNet.Services.Cloud.Integrity;

namespace QkdNet.Tests.Services.Cloud.Integrity;

public sealed class ShareMacTests
{
    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(1000)]
    public void Refreshed_EqualsTheTagOfTheRefreshedShare_ComputedFromTheDeltaAlone(int length)
    {
        byte[] key = Bytes(16, 1), share = Bytes(length, 2), delta = Bytes(length, 3);
        ulong tag = ShareMac.Tag(key, share, 4);
        byte[] refreshed = [.. share.Zip(delta, (a, b) => (byte)(a ^ b))];

        Assert.Equal(ShareMac.Tag(key, refreshed, 5), ShareMac.Refreshed(key, tag, delta, 4));
    }

    [Fact]
    public void Tag_DiffersForAnyChangedByteVersionOrKey()
    {
        byte[] key = Bytes(16, 1), share = Bytes(256, 2);
        ulong tag = ShareMac.Tag(key, share, 1);
        for (int i = 0; i < share.Length; i += 17)
        {
            byte[] changed = (byte[])share.Clone();
            changed[i] ^= 0x40;
            Assert.NotEqual(tag, ShareMac.Tag(key, changed, 1));
        }

        Assert.NotEqual(tag, ShareMac.Tag(key, share, 2));
        Assert.NotEqual(tag, ShareMac.Tag(Bytes(16, 9), share, 1));
        Assert.NotEqual(tag, ShareMac.Tag(key, share.AsSpan(0, 255), 1));
    }

    [Fact]
    public void RefreshWithSharesOfZero_KeepsTheSecret_AndChangesEveryShare()
    {
        byte[] secret = Bytes(4096, 5);
        SecretShare[] shares = ShamirSharing.Split(secret, 3, 5).Value;
        SecretShare[] zeros = ShamirSharing.Split(new byte[secret.Length], 3, 5).Value;
        byte[][] before = [.. shares.Select(s => s.Data.ToArray())];

        for (int j = 0; j < 5; j++)
        {
            for (int i = 0; i < secret.Length; i++)
            {
                shares[j].Data[i] ^= zeros[j].Data[i];
            }
        }

        Assert.All(Enumerable.Range(0, 5), j => Assert.NotEqual(before[j], shares[j].Data.ToArray()));
        Assert.Equal(secret, ShamirSharing.Combine([shares[4], shares[1], shares[2]], 3).Value);
        // a stale share mixed with refreshed ones rebuilds garbage: stolen old shares are useless
        Assert.NotEqual(secret, ShamirSharing.Combine([new SecretShare(1, before[0]), shares[1], shares[2]], 3).Value);
    }
}
