using QkdNet.Primitives;
using QkdNet.Primitives.SecretSharing;

namespace QkdNet.Tests.Primitives.SecretSharing;

public sealed class ShamirSharingTests
{
    [Theory]
    [InlineData(2, 2)]
    [InlineData(2, 3)]
    [InlineData(3, 5)]
    [InlineData(4, 7)]
    [InlineData(5, 5)]
    public void Combine_EveryKSubset_RebuildsTheSecret(int k, int n)
    {
        byte[] secret = Bytes(1000, seed: k * 100 + n);
        SecretShare[] shares = ShamirSharing.Split(secret, k, n).Value;

        foreach (int[] subset in Subsets(n, k))
        {
            Assert.Equal(secret, ShamirSharing.Combine([.. subset.Select(i => shares[i])], k).Value);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Split_VectorAndPortablePaths_GiveTheSameSharesFromTheSameRandomness(bool vector)
    {
        byte[] secret = Bytes(3 * ShamirSharing.BlockBytes + 77, seed: 9);
        byte[][] expected = Reference(secret, k: 3, n: 5, Seeded(11));
        byte[][] outputs = [.. Enumerable.Range(0, 5).Select(_ => new byte[secret.Length])];

        ShamirSharing.SplitInto(secret, 3, outputs, Seeded(11), vector);

        Assert.Equal(expected, outputs);
        var shares = outputs.Select((o, j) => new SecretShare((byte)(j + 1), o)).ToArray();
        byte[] rebuilt = new byte[secret.Length];
        ShamirSharing.CombineInto([shares[4], shares[0], shares[2]], rebuilt, vector);
        Assert.Equal(secret, rebuilt);
    }

    [Fact]
    public void Split_KMinusOneShares_AreUniformWhateverTheSecret()
    {
        // k = 3: any two shares of a byte are uniform over all 65,536 pairs, for the all-zero and the all-0xFF secret
        // alike (Shamir 1979); a chi-square over the pairs at 1,048,576 positions tells a biased split apart.
        foreach (byte value in new byte[] { 0x00, 0xFF })
        {
            byte[] secret = Enumerable.Repeat(value, 1 << 20).ToArray();
            SecretShare[] shares = ShamirSharing.Split(secret, 3, 5, Seeded(value + 1)).Value;
            long[] counts = new long[65536];
            for (int i = 0; i < secret.Length; i++)
            {
                counts[(shares[1].Data[i] << 8) | shares[3].Data[i]]++;
            }

            double expected = secret.Length / 65536.0;
            double chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);

            // 65,535 degrees of freedom: mean 65,535, standard deviation about 362; 6 standard deviations either side
            Assert.InRange(chiSquare, 65535 - (6 * 362), 65535 + (6 * 362));
        }
    }

    [Fact]
    public void Split_WithTheSystemGenerator_SharesDifferFromTheSecretAndEachOther()
    {
        byte[] secret = Bytes(4096, seed: 3);

        SecretShare[] shares = ShamirSharing.Split(secret, 3, 5).Value;

        Assert.All(shares, s => Assert.NotEqual(secret, s.Data.ToArray()));
        Assert.Equal(5, shares.Select(s => Convert.ToHexString(s.Data)).Distinct().Count());
        Assert.Equal([1, 2, 3, 4, 5], shares.Select(s => (int)s.X));
    }

    [Fact]
    public void DefaultRandomness_KeystreamIsFreshPerCallAndPerInstance()
    {
        using var first = new AesCtrRandomness();
        using var second = new AesCtrRandomness();
        byte[] a = new byte[4096], b = new byte[4096], c = new byte[4096];

        first.Fill(a);
        first.Fill(b);
        second.Fill(c);

        Assert.NotEqual(a, b);
        Assert.NotEqual(a, c);
        // a uniform keystream has about half its bits set: 16,384 of 32,768, standard deviation 90.5
        Assert.InRange(a.Sum(x => int.PopCount(x)), 16384 - (6 * 91), 16384 + (6 * 91));
    }

    [Fact]
    public void Combine_FewerThanKShares_IsRefused()
    {
        SecretShare[] shares = ShamirSharing.Split(Bytes(64, seed: 4), 3, 5).Value;

        Result<byte[]> result = ShamirSharing.Combine([shares[0], shares[1]], 3);

        Assert.Contains("needs k = 3", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Combine_TheSameShareTwice_IsRefused()
    {
        SecretShare[] shares = ShamirSharing.Split(Bytes(64, seed: 5), 2, 3).Value;

        Assert.False(ShamirSharing.Combine([shares[1], shares[1]], 2).IsSuccess);
    }

    [Fact]
    public void Combine_AlteredShare_GivesAnotherSecret()
    {
        byte[] secret = Bytes(64, seed: 6);
        SecretShare[] shares = ShamirSharing.Split(secret, 2, 3).Value;
        shares[0].Data[10] ^= 1;

        Assert.NotEqual(secret, ShamirSharing.Combine([shares[0], shares[1]], 2).Value);
    }

    [Theory]
    [InlineData(1, 5, "at least 2")]
    [InlineData(4, 3, "exceeds")]
    [InlineData(3, 256, "at most 255")]
    public void Split_BadParameters_AreRefusedWithTheReason(int k, int n, string reason)
    {
        Result<SecretShare[]> result = ShamirSharing.Split(Bytes(16, seed: 7), k, n);

        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void SecretShare_ToStringAndDispose_HideAndZeroTheBytes()
    {
        var share = new SecretShare(3, [0xAB, 0xCD]);

        Assert.DoesNotContain("AB", share.ToString(), StringComparison.OrdinalIgnoreCase);
        share.Dispose();
        Assert.Equal(new byte[2], share.Data.ToArray());
    }

    /// <summary>Shares by the definition: Horner's rule with the bit-by-bit product, coefficients drawn block by block as the splitter draws them.</summary>
    private static byte[][] Reference(byte[] secret, int k, int n, ShamirSharing.ShareRandomness randomness)
    {
        byte[][] shares = [.. Enumerable.Range(0, n).Select(_ => new byte[secret.Length])];
        int block = Math.Min(ShamirSharing.BlockBytes, secret.Length);
        for (int offset = 0; offset < secret.Length; offset += block)
        {
            int length = Math.Min(block, secret.Length - offset);
            byte[] a = new byte[(k - 1) * length];
            randomness(a);
            for (int j = 0; j < n; j++)
            {
                for (int i = 0; i < length; i++)
                {
                    byte y = a[((k - 2) * length) + i];
                    for (int c = k - 3; c >= 0; c--)
                    {
                        y = (byte)(Gf256.MultiplyReference(y, (byte)(j + 1)) ^ a[(c * length) + i]);
                    }

                    shares[j][offset + i] = (byte)(Gf256.MultiplyReference(y, (byte)(j + 1)) ^ secret[offset + i]);
                }
            }
        }

        return shares;
    }

    private static ShamirSharing.ShareRandomness Seeded(int seed)
    {
        var random = new Random(seed);
        return span => random.NextBytes(span);
    }

    private static byte[] Bytes(int length, int seed)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static IEnumerable<int[]> Subsets(int n, int k)
    {
        for (int mask = 0; mask < 1 << n; mask++)
        {
            if (int.PopCount(mask) == k)
            {
                yield return [.. Enumerable.Range(0, n).Where(i => ((mask >> i) & 1) != 0)];
            }
        }
    }
}
