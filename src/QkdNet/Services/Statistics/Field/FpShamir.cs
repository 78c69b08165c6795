using System.Buffers.Binary;
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
    public static void ShareInto(ReadOnlySpan<ulong> secrets, int degree, IReadOnlyList<ulong[]> shares, ShamirSharing.ShareRandomness randomness)
    {
        const int Block = 4096;
        int parties = shares.Count;
        var coefficients = new ulong[degree * Block];
        var bytes = new byte[coefficients.Length * sizeof(ulong)];
        for (int start = 0; start < secrets.Length; start += Block)
        {
            int count = Math.Min(Block, secrets.Length - start);
            randomness(bytes.AsSpan(0, degree * count * sizeof(ulong)));
            for (int c = 0; c < degree * count; c++)
            {
                coefficients[c] = Fp61.FromRandomBits(BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(c * sizeof(ulong))));
            }

            for (int j = 0; j < parties; j++)
            {
                ulong x = Point(j);
                ulong[] column = shares[j];
                for (int r = 0; r < count; r++)
                {
                    // Horner: f(x) = s + x (a_1 + x (a_2 + ...)).
                    ulong acc = 0;
                    for (int d = degree - 1; d >= 0; d--)
                    {
                        acc = Fp61.Mul(Fp61.Add(acc, coefficients[(r * degree) + d]), x);
                    }

                    column[start + r] = Fp61.Add(acc, secrets[start + r]);
                }
            }
        }

        Array.Clear(coefficients);
        Array.Clear(bytes);
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
