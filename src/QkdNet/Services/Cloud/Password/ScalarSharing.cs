using Org.BouncyCastle.Math;

namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// Shamir k-of-n sharing over the scalar field Z_q of P-256 (Shamir, CACM 22, 612 (1979)), for the OPRF key: share j is
/// f(j) with f(0) = the secret and the other k - 1 coefficients uniform in Z_q, so any k - 1 shares are uniform and
/// independent of the secret. Lagrange coefficients serve the client's combination "in the exponent" (TOPPSS, 2HashDH T-OPRF:
/// k * P = sum_i lambda_i (k_i * P)). (The GF(2^8) sharing of bulk data is <see cref="QkdNet.Primitives.SecretSharing.ShamirSharing"/>.)
/// Thread-safe (no shared state).
/// </summary>
internal static class ScalarSharing
{
    /// <summary>
    /// f(1), ..., f(n) for f(0) = <paramref name="secret"/>; coefficients from <paramref name="randomScalar"/>
    /// (<see cref="P256.RandomScalar"/> for keys; a seeded source only in tests).
    /// </summary>
    public static BigInteger[] Split(BigInteger secret, int threshold, int shareCount, Func<BigInteger> randomScalar)
    {
        BigInteger q = P256.Order;
        var coefficients = new BigInteger[threshold];
        coefficients[0] = secret.Mod(q);
        for (int i = 1; i < threshold; i++)
        {
            coefficients[i] = randomScalar();
        }

        var shares = new BigInteger[shareCount];
        for (int j = 0; j < shareCount; j++)
        {
            // Horner: f(x) = c_0 + x (c_1 + x (c_2 + ...)).
            var x = BigInteger.ValueOf(j + 1);
            BigInteger value = BigInteger.Zero;
            for (int i = threshold - 1; i >= 0; i--)
            {
                value = value.Multiply(x).Add(coefficients[i]).Mod(q);
            }

            shares[j] = value;
        }

        Array.Clear(coefficients);
        return shares;
    }

    /// <summary>
    /// The Lagrange coefficients lambda_i(at) = prod_{j != i} (at - x_j) / (x_i - x_j) mod q for the distinct points
    /// <paramref name="points"/>, so that f(at) = sum_i lambda_i f(x_i) for every f of degree below their count.
    /// </summary>
    public static BigInteger[] LagrangeCoefficients(IReadOnlyList<int> points, int at)
    {
        BigInteger q = P256.Order;
        var result = new BigInteger[points.Count];
        for (int i = 0; i < points.Count; i++)
        {
            BigInteger numerator = BigInteger.One;
            BigInteger denominator = BigInteger.One;
            for (int j = 0; j < points.Count; j++)
            {
                if (j == i)
                {
                    continue;
                }

                numerator = numerator.Multiply(BigInteger.ValueOf(at - points[j])).Mod(q);
                denominator = denominator.Multiply(BigInteger.ValueOf(points[i] - points[j])).Mod(q);
            }

            result[i] = numerator.Multiply(denominator.ModInverse(q)).Mod(q);
        }

        return result;
    }
}
