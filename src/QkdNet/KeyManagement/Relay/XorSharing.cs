using System.Security.Cryptography;

namespace QkdNet.KeyManagement.Relay;

/// <summary>
/// n-of-n XOR secret sharing for multipath relay: shares 1..n-1 uniformly random, share n = key XOR
/// the others. Any n-1 shares are independent of the key, so a trusted node on one path learns
/// nothing (the perfect secrecy of the one-time pad; Shamir, CACM 22, 612 (1979) for the n-of-n case).
/// </summary>
public static class XorSharing
{
    /// <summary>Splits <paramref name="key"/> into <paramref name="shareCount"/> shares (randomness from <see cref="RandomNumberGenerator"/>).</summary>
    public static KeyMaterial[] Split(ReadOnlySpan<byte> key, int shareCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shareCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shareCount, RelayHeader.MaxShares);
        var shares = new KeyMaterial[shareCount];
        byte[] last = key.ToArray();
        for (int i = 0; i < shareCount - 1; i++)
        {
            byte[] random = new byte[key.Length];
            RandomNumberGenerator.Fill(random);
            for (int j = 0; j < last.Length; j++)
            {
                last[j] ^= random[j];
            }

            shares[i] = KeyMaterial.TakeOwnership(random);
        }

        shares[^1] = KeyMaterial.TakeOwnership(last);
        return shares;
    }

    /// <summary>XOR of all <paramref name="shares"/> (equal lengths); the caller still owns and disposes them.</summary>
    public static KeyMaterial Combine(IReadOnlyList<KeyMaterial> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        ArgumentOutOfRangeException.ThrowIfZero(shares.Count);
        byte[] key = new byte[shares[0].Length];
        foreach (KeyMaterial share in shares)
        {
            if (share.Length != key.Length)
            {
                CryptographicOperations.ZeroMemory(key);
                throw new ArgumentException("Shares differ in length.", nameof(shares));
            }

            ReadOnlySpan<byte> s = share.Span;
            for (int j = 0; j < key.Length; j++)
            {
                key[j] ^= s[j];
            }
        }

        return KeyMaterial.TakeOwnership(key);
    }
}
