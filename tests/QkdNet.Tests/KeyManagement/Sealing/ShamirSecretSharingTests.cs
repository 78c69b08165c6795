using System.Security.Cryptography;
using QkdNet.KeyManagement.Sealing;

namespace QkdNet.Tests.KeyManagement.Sealing;

public sealed class ShamirSecretSharingTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(3, 5)]
    [InlineData(5, 5)]
    public void AnyThresholdSubset_RecoversSecret_AndOneFewerDoesNot(int threshold, int count)
    {
        byte[] secret = RandomNumberGenerator.GetBytes(32);
        ShamirShare[] shares = ShamirSecretSharing.Split(secret, threshold, count);
        foreach (int[] subset in Subsets(count, threshold))
        {
            Assert.True(ShamirSecretSharing.TryCombine([.. subset.Select(i => shares[i])], out byte[] recovered));
            Assert.Equal(secret, recovered);
            if (threshold > 1)
            {
                Assert.True(ShamirSecretSharing.TryCombine([.. subset.Skip(1).Select(i => shares[i])], out byte[] partial));
                Assert.NotEqual(secret, partial);
            }
        }
    }

    [Fact]
    public void RandomParameters_RecoverFromRandomSubsets()
    {
        var random = new Random(2026);
        for (int trial = 0; trial < 50; trial++)
        {
            int count = random.Next(1, 20);
            int threshold = random.Next(1, count + 1);
            byte[] secret = RandomNumberGenerator.GetBytes(random.Next(1, 64));
            ShamirShare[] shares = ShamirSecretSharing.Split(secret, threshold, count);
            ShamirShare[] chosen = [.. shares.OrderBy(_ => random.Next()).Take(threshold + random.Next(count - threshold + 1))];
            Assert.True(ShamirSecretSharing.TryCombine(chosen, out byte[] recovered));
            Assert.Equal(secret, recovered);
        }
    }

    [Fact]
    public void TryCombine_RepeatedShare_Fails()
    {
        ShamirShare[] shares = ShamirSecretSharing.Split(RandomNumberGenerator.GetBytes(16), 2, 3);
        Assert.False(ShamirSecretSharing.TryCombine([shares[0], shares[0]], out _));
    }

    [Fact]
    public void PortableText_RoundTrips_AndToStringHidesTheShare()
    {
        ShamirShare share = ShamirSecretSharing.Split(RandomNumberGenerator.GetBytes(32), 2, 2)[1];
        Assert.True(ShamirShare.TryParse(share.ToPortableText(), out ShamirShare? parsed));
        Assert.Equal(share.X, parsed.X);
        Assert.True(parsed.Y.SequenceEqual(share.Y));
        Assert.Equal("ShamirShare(x=2, 32 bytes)", share.ToString());
        Assert.False(ShamirShare.TryParse("qkdnet-share-v1:0:AAAA", out _));
    }

    private static IEnumerable<int[]> Subsets(int n, int k)
    {
        if (k == 0)
        {
            yield return [];
            yield break;
        }

        for (int first = 0; first <= n - k; first++)
        {
            foreach (int[] rest in Subsets(n - first - 1, k - 1))
            {
                yield return [first, .. rest.Select(r => r + first + 1)];
            }
        }
    }
}
