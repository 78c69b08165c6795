using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using QkdNet.Primitives.SecretSharing;

namespace QkdNet.Services.Statistics.Field;

/// <summary>
/// Shamir sharing over <see cref="Fp61"/> (Shamir, "How to share a secret", CACM 22 (1979)): party i (0-based) holds
/// f(i + 1) of a polynomial f of degree t with f(0) the secret; any t + 1 shares determine it by Lagrange
/// interpolation, any t are uniformly distributed whatever the secret. Column-wise: one polynomial per row.
/// Thread-safe (no state).
/// </summary>
public static class FpShamir
{
    /// <summary>The evaluation point of a party (0-based index): x = index + 1.</summary>
    public static ulong Point(int party) => (ulong)party + 1;

    /// <summary>
    /// Shares each value of <paramref name="secrets"/> with degree <paramref name="degree"/> among
    /// <paramref name="parties"/> parties; coefficients from <paramref name="randomness"/> (zeroed after use).
    /// </summary>
    public static ulong[][] Share(ReadOnlySpan<ulong> secrets, int degree, int parties, ShamirSharing.ShareRandomness randomness)
    {
        var shares = new ulong[parties][];
        for (int j = 0; j < parties; j++)
        {
            shares[j] = new ulong[secrets.Length];
        }

        ShareInto(secrets, degree, shares, randomness);
        return shares;
    }

    /// <summary>Like <see cref="Share"/>, into caller-owned columns (one per party, each as long as the secrets).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ShareInto(ReadOnlySpan<ulong> secrets, int degree, IReadOnlyList<ulong[]> shares, ShamirSharing.ShareRandomness randomness)
    {
        const int Block = 4096;
        int parties = shares.Count;

        // Coefficient d (1..degree) of the rows of a block at [(d - 1) Block + r]; the random bytes are read as
        // machine words in place (uniform bits either way round).
        var bytes = new byte[degree * Block * sizeof(ulong)];
        Span<ulong> coefficients = MemoryMarshal.Cast<byte, ulong>(bytes.AsSpan());
        for (int start = 0; start < secrets.Length; start += Block)
        {
            int count = Math.Min(Block, secrets.Length - start);
            randomness(bytes);
            for (int c = 0; c < coefficients.Length; c++)
            {
                coefficients[c] = Fp61.FromRandomBits(coefficients[c]);
            }

            ReadOnlySpan<ulong> secret = secrets.Slice(start, count);
            for (int j = 0; j < parties; j++)
            {
                ulong x = Point(j);
                Span<ulong> column = shares[j].AsSpan(start, count);

                // Horner: f(x) = s + x (a_1 + x (a_2 + ... + x a_t)), highest coefficient first, a whole block at a time.
                ReadOnlySpan<ulong> top = coefficients.Slice((degree - 1) * Block, count);
                for (int r = 0; r < count; r++)
                {
                    column[r] = Fp61.Mul(top[r], x);
                }

                for (int d = degree - 2; d >= 0; d--)
                {
                    ReadOnlySpan<ulong> a = coefficients.Slice(d * Block, count);
                    for (int r = 0; r < count; r++)
                    {
                        column[r] = Fp61.Mul(Fp61.Add(column[r], a[r]), x);
                    }
                }

                for (int r = 0; r < count; r++)
                {
                    column[r] = Fp61.Add(column[r], secret[r]);
                }
            }
        }

        CryptographicOperations.ZeroMemory(bytes);
    }

    /// <summary>
    /// Lagrange coefficients l_j with f(<paramref name="at"/>) = sum_j l_j f(x_j) for every polynomial f of degree below
    /// the number of <paramref name="parties"/> (their points x_j distinct).
    /// </summary>
    public static ulong[] LagrangeCoefficients(IReadOnlyList<int> parties, ulong at = 0)
    {
        var result = new ulong[parties.Count];
        for (int j = 0; j < parties.Count; j++)
        {
            ulong xj = Point(parties[j]);
            ulong num = 1, den = 1;
            for (int m = 0; m < parties.Count; m++)
            {
                if (m == j)
                {
                    continue;
                }

                ulong xm = Point(parties[m]);
                num = Fp61.Mul(num, Fp61.Sub(at, xm));
                den = Fp61.Mul(den, Fp61.Sub(xj, xm));
            }

            result[j] = Fp61.Mul(num, Fp61.Inverse(den));
        }

        return result;
    }

    /// <summary>Rebuilds the secrets from the shares of <paramref name="parties"/> (one column each).</summary>
    public static ulong[] Reconstruct(IReadOnlyList<int> parties, IReadOnlyList<ulong[]> shares)
    {
        ulong[] lambda = LagrangeCoefficients(parties);
        var result = new ulong[shares[0].Length];
        for (int j = 0; j < parties.Count; j++)
        {
            Fp61.MulAdd(shares[j], lambda[j], result);
        }

        return result;
    }
}
