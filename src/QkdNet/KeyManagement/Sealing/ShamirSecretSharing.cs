using System.Security.Cryptography;

namespace QkdNet.KeyManagement.Sealing;

/// <summary>
/// t-of-n secret sharing over GF(2^8) after A. Shamir, "How to share a secret", Communications of the
/// ACM 22(11):612-613, 1979: each secret byte is the constant term of its own random polynomial of
/// degree t - 1; share i holds every polynomial's value at x = i. Any t shares give the secret by Lagrange
/// interpolation at x = 0; t - 1 shares give no information about it. Thread-safe (stateless).
/// </summary>
public static class ShamirSecretSharing
{
    /// <summary>Most shares a secret can be split into (x runs over the non-zero field elements).</summary>
    public const int MaxShares = 255;

    /// <summary>
    /// Splits <paramref name="secret"/> into <paramref name="shareCount"/> shares, any
    /// <paramref name="threshold"/> of which recover it. Coefficients come from <see cref="RandomNumberGenerator"/>.
    /// </summary>
    public static ShamirShare[] Split(ReadOnlySpan<byte> secret, int threshold, int shareCount)
    {
        if (secret.IsEmpty)
        {
            throw new ArgumentException("The secret is empty.", nameof(secret));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(shareCount, threshold);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shareCount, MaxShares);

        // coefficients[j * length + b] is coefficient j of byte b's polynomial; j = 0 is the secret
        byte[] coefficients = new byte[threshold * secret.Length];
        try
        {
            secret.CopyTo(coefficients);
            RandomNumberGenerator.Fill(coefficients.AsSpan(secret.Length));
            var shares = new ShamirShare[shareCount];
            for (int i = 0; i < shareCount; i++)
            {
                byte x = (byte)(i + 1);
                byte[] y = new byte[secret.Length];
                for (int b = 0; b < secret.Length; b++)
                {
                    // Horner's rule from the highest coefficient down
                    byte value = 0;
                    for (int j = threshold - 1; j >= 0; j--)
                    {
                        value = (byte)(Gf256.Multiply(value, x) ^ coefficients[(j * secret.Length) + b]);
                    }

                    y[b] = value;
                }

                shares[i] = new ShamirShare(x, y);
            }

            return shares;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(coefficients);
        }
    }

    /// <summary>
    /// Interpolates the secret from <paramref name="shares"/> (all of them are used, so pass at least the threshold).
    /// False when the shares are empty, of different lengths or repeat an x. With fewer shares than the
    /// threshold the result is a wrong secret, not a failure: verify it (the key store keeps a check value).
    /// </summary>
    public static bool TryCombine(IReadOnlyList<ShamirShare> shares, out byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(shares);
        secret = [];
        if (shares.Count == 0)
        {
            return false;
        }

        int length = shares[0].Length;
        var seen = new HashSet<byte>();
        foreach (ShamirShare share in shares)
        {
            if (share.Length != length || !seen.Add(share.X))
            {
                return false;
            }
        }

        // Lagrange basis at 0: l_i = prod_{j != i} x_j / (x_j - x_i); subtraction is XOR in GF(2^8)
        byte[] result = new byte[length];
        for (int i = 0; i < shares.Count; i++)
        {
            byte basis = 1;
            for (int j = 0; j < shares.Count; j++)
            {
                if (j != i)
                {
                    basis = Gf256.Multiply(basis, Gf256.Multiply(shares[j].X, Gf256.Inverse((byte)(shares[j].X ^ shares[i].X))));
                }
            }

            ReadOnlySpan<byte> y = shares[i].Y;
            for (int b = 0; b < length; b++)
            {
                result[b] ^= Gf256.Multiply(basis, y[b]);
            }
        }

        secret = result;
        return true;
    }
}
