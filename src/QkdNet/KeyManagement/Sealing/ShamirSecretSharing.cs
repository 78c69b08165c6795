using System.Security.Cryptography;
using QkdNet.Primitives.SecretSharing;

namespace QkdNet.KeyManagement.Sealing;

/// <summary>
/// t-of-n secret sharing of a store's master key after A. Shamir, "How to share a secret", Communications of the
/// ACM 22(11):612-613, 1979, on the shared implementation (<see cref="ShamirSharing"/>, constant-time GF(2^8)), in
/// the form the seal keeps: <see cref="ShamirShare"/>s an operator holds as text. Unlike the general splitter it
/// allows t = 1 (every share is then the key itself: one operator unseals alone). Thread-safe (stateless).
/// </summary>
public static class ShamirSecretSharing
{
    /// <summary>Most shares a secret can be split into (x runs over the non-zero field elements).</summary>
    public const int MaxShares = ShamirSharing.MaxShares;

    /// <summary>
    /// Splits <paramref name="secret"/> into <paramref name="shareCount"/> shares, any <paramref name="threshold"/> of
    /// which recover it (coefficients from a keystream seeded by <see cref="RandomNumberGenerator"/>).
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
        int length = secret.Length;
        byte[][] ys = [.. Enumerable.Range(0, shareCount).Select(_ => new byte[length])];
        if (threshold == 1)
        {
            foreach (byte[] y in ys)
            {
                secret.CopyTo(y);
            }
        }
        else if (ShamirSharing.SplitInto(secret, threshold, ys) is { } problem)
        {
            throw new ArgumentException(problem, nameof(threshold));
        }

        return [.. ys.Select((y, i) => new ShamirShare((byte)(i + 1), y))];
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
        if (shares.Count == 0 || shares.Any(s => s.Length != shares[0].Length) || shares.Select(s => s.X).Distinct().Count() != shares.Count)
        {
            return false;
        }

        if (shares.Count == 1)
        {
            secret = shares[0].Y.ToArray(); // t = 1: the share is the secret
            return true;
        }

        SecretShare[] copies = [.. shares.Select(s => new SecretShare(s.X, s.Y.ToArray()))];
        try
        {
            secret = ShamirSharing.Combine(copies, copies.Length).Value;
            return true;
        }
        finally
        {
            foreach (SecretShare copy in copies)
            {
                copy.Dispose();
            }
        }
    }
}
