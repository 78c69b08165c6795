using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using QkdNet.Primitives;

namespace QkdNet.Primitives.SecretSharing;

/// <summary>
/// Shamir's k-of-n threshold secret sharing over GF(2^8), byte by byte (Shamir, "How to share a secret", CACM 22, 612
/// (1979)): each byte s of the secret is the constant term of a polynomial f(x) = s + a_1 x + ... + a_{k-1} x^{k-1} with
/// uniformly random coefficients, share j is f(j) for j = 1..n; any k shares give s = f(0) by Lagrange interpolation,
/// and any k - 1 are uniformly distributed whatever s is (perfect secrecy, ibid.). The field is AES's
/// (<see cref="Gf256"/>), so GF2P8MULB multiplies 64 bytes at a time; a portable path does the same byte by byte, in
/// constant time like every path here.
/// </summary>
/// <remarks>
/// The secret is processed in blocks of <see cref="BlockBytes"/>, so the random coefficients of a block and the block's
/// share bytes stay in the L1/L2 cache; the coefficients come from a keystream seeded by <see cref="RandomNumberGenerator"/>
/// (<see cref="AesCtrRandomness"/>), or from a <see cref="ShareRandomness"/> the caller gives (QKD key, or a seeded
/// source in tests), and are zeroed after use.
/// Thread-safe (no shared state).
/// </remarks>
public static class ShamirSharing
{
    /// <summary>Most shares: the non-zero points of GF(2^8).</summary>
    public const int MaxShares = 255;

    /// <summary>Secret bytes per block (16 KiB: a block's coefficients and shares fit in L2 for n up to about 16).</summary>
    internal const int BlockBytes = 16 * 1024;

    /// <summary>Fills a span with uniformly random bytes (the polynomial coefficients).</summary>
    public delegate void ShareRandomness(Span<byte> destination);

    /// <summary>Checks a threshold and share count: 2 ≤ k ≤ n ≤ 255. Null when valid, else the problem in one sentence.</summary>
    public static string? CheckParameters(int threshold, int shareCount) =>
        threshold < 2 ? $"the threshold k must be at least 2 (k = {threshold}; k = 1 would store the secret in the clear)."
        : shareCount > MaxShares ? $"at most {MaxShares} shares over GF(2^8) (n = {shareCount})."
        : threshold > shareCount ? $"the threshold k = {threshold} exceeds the number of shares n = {shareCount}."
        : null;

    /// <summary>
    /// Splits <paramref name="secret"/> into <paramref name="shareCount"/> shares at x = 1..n, any <paramref name="threshold"/>
    /// of which rebuild it. Randomness from a CTR_DRBG keystream seeded by <see cref="RandomNumberGenerator"/> for this
    /// split (<see cref="AesCtrRandomness"/>) unless <paramref name="randomness"/> is given (QKD key, or a seeded source in tests).
    /// </summary>
    public static Result<SecretShare[]> Split(ReadOnlySpan<byte> secret, int threshold, int shareCount, ShareRandomness? randomness = null)
    {
        if (CheckParameters(threshold, shareCount) is { } problem)
        {
            return Result<SecretShare[]>.Fail(problem);
        }

        var shares = new SecretShare[shareCount];
        byte[][] outputs = new byte[shareCount][];
        for (int j = 0; j < shareCount; j++)
        {
            outputs[j] = new byte[secret.Length];
            shares[j] = new SecretShare((byte)(j + 1), outputs[j]);
        }

        if (randomness is not null)
        {
            SplitInto(secret, threshold, outputs, randomness, Gf256.IsHardwareAccelerated);
        }
        else
        {
            using var keystream = new AesCtrRandomness();
            SplitInto(secret, threshold, outputs, keystream.Fill, Gf256.IsHardwareAccelerated);
        }

        return shares;
    }

    /// <summary>
    /// Splits <paramref name="secret"/> into caller-owned buffers: share x = j + 1 goes to <paramref name="outputs"/>[j], each
    /// exactly as long as the secret (for a caller that reuses its buffers, or writes shares straight into messages).
    /// Null when done, else the problem (nothing written).
    /// </summary>
    public static string? SplitInto(ReadOnlySpan<byte> secret, int threshold, IReadOnlyList<byte[]> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (CheckParameters(threshold, outputs.Count) is { } problem)
        {
            return problem;
        }

        int length = secret.Length;
        if (outputs.Any(o => o is null || o.Length != length))
        {
            return "every share buffer must be exactly as long as the secret.";
        }

        using var keystream = new AesCtrRandomness();
        SplitInto(secret, threshold, [.. outputs], keystream.Fill, Gf256.IsHardwareAccelerated);
        return null;
    }

    /// <summary>
    /// Rebuilds the secret from at least <paramref name="threshold"/> shares with distinct points and equal lengths
    /// (the first <paramref name="threshold"/> are used). A share that was altered gives a wrong secret, not an error:
    /// integrity is the job of a MAC over each share.
    /// </summary>
    public static Result<byte[]> Combine(IReadOnlyList<SecretShare> shares, int threshold)
    {
        ArgumentNullException.ThrowIfNull(shares);
        if (CheckCombine(shares, threshold) is { } problem)
        {
            return Result<byte[]>.Fail(problem);
        }

        byte[] secret = new byte[shares[0].Length];
        CombineInto([.. shares.Take(threshold)], secret, Gf256.IsHardwareAccelerated);
        return secret;
    }

    private static string? CheckCombine(IReadOnlyList<SecretShare> shares, int threshold)
    {
        if (threshold < 2 || threshold > MaxShares)
        {
            return $"the threshold k must be from 2 to {MaxShares} (k = {threshold}).";
        }

        if (shares.Count < threshold)
        {
            return $"{shares.Count} share(s) given; rebuilding needs k = {threshold}.";
        }

        SecretShare[] used = [.. shares.Take(threshold)];
        return used.Select(s => s.X).Distinct().Count() != threshold
            ? "two shares have the same point x; each share must come from a different server."
            : used.Any(s => s.Length != used[0].Length)
                ? "the shares differ in length; they are not shares of one secret."
                : null;
    }

    /// <summary>
    /// Rebuilds the secret into <paramref name="secret"/> (as long as the shares) from the first <paramref name="threshold"/>
    /// of <paramref name="shares"/>. Null when done, else the problem (as <see cref="Combine"/> words it).
    /// </summary>
    public static string? CombineInto(IReadOnlyList<SecretShare> shares, int threshold, Span<byte> secret)
    {
        ArgumentNullException.ThrowIfNull(shares);
        if (CheckCombine(shares, threshold) is { } problem)
        {
            return problem;
        }

        if (shares[0].Length != secret.Length)
        {
            return "the output must be exactly as long as the shares.";
        }

        CombineInto([.. shares.Take(threshold)], secret, Gf256.IsHardwareAccelerated);
        return null;
    }

    /// <summary>The Lagrange coefficient of each point for f(0): λ_i = Π_{j≠i} x_j / (x_j - x_i), subtraction being XOR.</summary>
    internal static byte[] LagrangeAtZero(ReadOnlySpan<byte> xs)
    {
        byte[] lambda = new byte[xs.Length];
        for (int i = 0; i < xs.Length; i++)
        {
            byte numerator = 1, denominator = 1;
            for (int j = 0; j < xs.Length; j++)
            {
                if (j != i)
                {
                    numerator = Gf256.Multiply(numerator, xs[j]);
                    denominator = Gf256.Multiply(denominator, (byte)(xs[j] ^ xs[i]));
                }
            }

            lambda[i] = Gf256.Divide(numerator, denominator);
        }

        return lambda;
    }

    /// <summary>Writes share x = j + 1 of <paramref name="secret"/> into <paramref name="outputs"/>[j]; <paramref name="vector"/> false forces the portable path.</summary>
    internal static void SplitInto(ReadOnlySpan<byte> secret, int threshold, byte[][] outputs, ShareRandomness randomness, bool vector)
    {
        int degree = threshold - 1;
        int block = Math.Min(BlockBytes, Math.Max(1, secret.Length));
        byte[] coefficients = new byte[degree * block];
        try
        {
            for (int offset = 0; offset < secret.Length; offset += block)
            {
                int length = Math.Min(block, secret.Length - offset);
                Span<byte> a = coefficients.AsSpan(0, degree * length);
                randomness(a);
                ReadOnlySpan<byte> s = secret.Slice(offset, length);
                for (int j = 0; j < outputs.Length; j++)
                {
                    Evaluate(s, a, degree, (byte)(j + 1), outputs[j].AsSpan(offset, length), vector);
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(coefficients);
        }
    }

    /// <summary>Share x of <paramref name="s"/> into <paramref name="y"/> (as long as s), f's coefficients a_c at a[(c-1)·L ..]: <see cref="SegmentedShamirSplit"/>'s step.</summary>
    internal static void EvaluateInto(ReadOnlySpan<byte> s, ReadOnlySpan<byte> a, int degree, byte x, Span<byte> y) =>
        Evaluate(s, a, degree, x, y, Gf256.IsHardwareAccelerated);

    /// <summary>y = f(x) by Horner's rule, f's coefficient a_c (c = 1..degree) at a[(c-1)·L ..], the constant term s.</summary>
    private static void Evaluate(ReadOnlySpan<byte> s, ReadOnlySpan<byte> a, int degree, byte x, Span<byte> y, bool vector)
    {
        int length = s.Length, i = 0;
        if (vector && Gfni.V512.IsSupported)
        {
            Vector512<byte> vx = Vector512.Create(x);
            for (; i <= length - 64; i += 64)
            {
                Vector512<byte> acc = Load512(a, ((degree - 1) * length) + i);
                for (int c = degree - 2; c >= 0; c--)
                {
                    acc = Gfni.V512.GaloisFieldMultiply(acc, vx) ^ Load512(a, (c * length) + i);
                }

                (Gfni.V512.GaloisFieldMultiply(acc, vx) ^ Load512(s, i)).CopyTo(y[i..]);
            }
        }
        else if (vector && Gfni.V256.IsSupported)
        {
            Vector256<byte> vx = Vector256.Create(x);
            for (; i <= length - 32; i += 32)
            {
                Vector256<byte> acc = Vector256.Create<byte>(a[(((degree - 1) * length) + i)..]);
                for (int c = degree - 2; c >= 0; c--)
                {
                    acc = Gfni.V256.GaloisFieldMultiply(acc, vx) ^ Vector256.Create<byte>(a[((c * length) + i)..]);
                }

                (Gfni.V256.GaloisFieldMultiply(acc, vx) ^ Vector256.Create<byte>(s[i..])).CopyTo(y[i..]);
            }
        }

        for (; i < length; i++)
        {
            byte acc = a[((degree - 1) * length) + i];
            for (int c = degree - 2; c >= 0; c--)
            {
                acc = (byte)(Gf256.Multiply(acc, x) ^ a[(c * length) + i]);
            }

            y[i] = (byte)(Gf256.Multiply(acc, x) ^ s[i]);
        }
    }

    /// <summary>secret = Σ λ_i y_i; <paramref name="vector"/> false forces the portable path.</summary>
    internal static void CombineInto(IReadOnlyList<SecretShare> shares, Span<byte> secret, bool vector)
    {
        byte[] lambda = LagrangeAtZero([.. shares.Select(s => s.X)]);
        int i = 0;
        if (vector && Gfni.V512.IsSupported)
        {
            // one pass: each 64-byte chunk of the secret is summed in a register from every share
            var factors = new Vector512<byte>[shares.Count];
            for (int k = 0; k < shares.Count; k++)
            {
                factors[k] = Vector512.Create(lambda[k]);
            }

            for (; i <= secret.Length - 64; i += 64)
            {
                Vector512<byte> acc = Gfni.V512.GaloisFieldMultiply(Load512(shares[0].Data, i), factors[0]);
                for (int k = 1; k < shares.Count; k++)
                {
                    acc ^= Gfni.V512.GaloisFieldMultiply(Load512(shares[k].Data, i), factors[k]);
                }

                acc.CopyTo(secret[i..]);
            }
        }

        Span<byte> rest = secret[i..];
        rest.Clear();
        for (int k = 0; k < shares.Count; k++)
        {
            Gf256.MultiplyAdd(rest, shares[k].Data[i..], lambda[k], vector);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Load512(ReadOnlySpan<byte> span, int at) => Vector512.Create<byte>(span[at..]);
}
