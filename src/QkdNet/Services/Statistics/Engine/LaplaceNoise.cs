using System.Security.Cryptography;

namespace QkdNet.Services.Statistics.Engine;

/// <summary>
/// One party's part of distributed Laplace noise: the Laplace distribution is infinitely divisible, Laplace(b) is the
/// sum over n parties of G1 - G2 with G1, G2 ~ Gamma(1/n, b) independent (Kotz, Kozubowski, Podgorski, "The Laplace
/// distribution and generalizations", 2001, Sec. 2.4.1), so no party knows the total noise. Uniforms from
/// <see cref="RandomNumberGenerator"/>. Rounded to whole stored units (a discretised Laplace; the floating-point
/// caveats of Mironov, CCS 2012, apply and are stated in docs/statistics.md).
/// </summary>
internal static class LaplaceNoise
{
    public static long Part(double scale, int parties) =>
        (long)Math.Round(Math.Clamp((Gamma(1.0 / parties) - Gamma(1.0 / parties)) * scale, -1e15, 1e15));

    // Marsaglia and Tsang, "A simple method for generating gamma variables", ACM TOMS 26 (2000): shape a + 1 then
    // multiply by U^(1/a) for a < 1 (ibid., Sec. 6). Scale 1.
    private static double Gamma(double shape)
    {
        double boost = Math.Pow(Uniform(), 1.0 / shape);
        double d = shape + 1 - (1.0 / 3), c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x = Normal(), v = Math.Pow(1 + (c * x), 3);
            if (v > 0 && Math.Log(Uniform()) < (0.5 * x * x) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v * boost;
            }
        }
    }

    private static double Normal() => Math.Sqrt(-2 * Math.Log(Uniform())) * Math.Cos(2 * Math.PI * Uniform());

    // Uniform on (0, 1): 53 random bits, never 0.
    private static double Uniform() => ((RandomNumberGenerator.GetInt32(1 << 26) * (double)(1L << 27)) + RandomNumberGenerator.GetInt32(1 << 27) + 0.5) / (1L << 53);
}
