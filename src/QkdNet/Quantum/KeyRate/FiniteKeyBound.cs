using QkdNet.Primitives;
using QkdNet.Quantum.Physics;

namespace QkdNet.Quantum.KeyRate;

/// <summary>
/// The finite-key secret key length of decoy-state BB84 with three intensities mu1 &gt; mu2 + mu3,
/// mu3 &gt;= 0, from Lim, Curty, Walenta, Xu, Zbinden, "Concise security bounds for practical
/// decoy-state quantum key distribution", PRA 89, 022307 (2014). The key comes from the X basis,
/// the phase error is estimated from the Z basis. The counts are the ones the channel model expects.
/// </summary>
public static class FiniteKeyBound
{
    /// <summary>The finite-key estimate for a block of <see cref="FiniteKeyParameters.BlockBits"/> X-basis detections.</summary>
    /// <param name="link">The link.</param>
    /// <param name="parameters">Block size and security parameters.</param>
    /// <param name="withFluctuations">False drops every statistical deviation and security term (the asymptotic limit of the same bound), for comparison.</param>
    /// <param name="elapsed">Time since the link started (for time-varying channels).</param>
    public static Result<FiniteKeyEstimate> Compute(QkdLink link, FiniteKeyParameters parameters, bool withFluctuations = true, TimeSpan elapsed = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(parameters);
        WeakCoherentSource s = link.Source;
        double eta = link.OverallTransmittance(elapsed);
        double y0 = link.Detector.DarkCountYield;
        double pX = parameters.KeyBasisProbability, pZ = 1 - pX;

        // Expected detection probability and error rate per pulse of each intensity.
        double[] mu = [s.SignalMu, s.DecoyNu, s.VacuumNu];
        double[] pk = [s.SignalProbability, s.DecoyProbability, s.VacuumProbability];
        double[] d = [.. mu.Select(m => LinkStatistics.Gain(eta, m, y0))];
        double[] e = [.. mu.Select(m => LinkStatistics.ErrorRate(eta, m, y0, link.Misalignment))];
        double perPulseX = pX * pX * pk.Select((p, k) => p * d[k]).Sum();
        double pulses = parameters.BlockBits / perPulseX;
        double pulsesZ = pulses * pZ * pZ;

        double[] nX = [.. pk.Select((p, k) => pulses * pX * pX * p * d[k])];
        double[] nZ = [.. pk.Select((p, k) => pulsesZ * p * d[k])];
        double[] mZ = [.. nZ.Select((n, k) => n * e[k])];
        double mXTotal = nX.Select((n, k) => n * e[k]).Sum();
        var counts = new BasisCounts(nX, nZ, mZ, mXTotal);
        return FromCounts(s, counts, pulses, link.ErrorCorrectionEfficiency, parameters, withFluctuations);
    }

    /// <summary>
    /// The finite-key length of a block from its per-intensity counts (expected or observed), for a
    /// block collected over <paramref name="pulses"/> pulses: Lim et al. 2014, Eqs. 1-5. This is the
    /// entry point for blocks whose counts come from a time-varying channel (a satellite pass).
    /// </summary>
    /// <param name="source">The intensities mu_k and their probabilities p_k.</param>
    /// <param name="counts">X-basis detections, Z-basis detections and errors per intensity.</param>
    /// <param name="pulses">N: pulses emitted to collect the block.</param>
    /// <param name="errorCorrectionEfficiency">f: error-correction leak relative to the Shannon limit.</param>
    /// <param name="parameters">Security parameters and p_X.</param>
    /// <param name="withFluctuations">False drops every statistical deviation and security term.</param>
    public static Result<FiniteKeyEstimate> FromCounts(WeakCoherentSource source, BasisCounts counts, double pulses,
        double errorCorrectionEfficiency, FiniteKeyParameters parameters, bool withFluctuations = true)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(parameters);
        WeakCoherentSource s = source;
        double m1 = s.SignalMu, m2 = s.DecoyNu, m3 = s.VacuumNu;
        double p1 = s.SignalProbability, p2 = s.DecoyProbability, p3 = s.VacuumProbability;
        if (!(m1 > m2 + m3 && m2 > m3 && p2 > 0 && p3 > 0))
        {
            return Result<FiniteKeyEstimate>.Fail("the finite-key bound needs mu1 > mu2 + mu3, mu2 > mu3 and all three intensities in use.");
        }

        double pX = parameters.KeyBasisProbability;
        double eps = parameters.Secrecy;
        double[] mu = [m1, m2, m3];
        double[] pk = [p1, p2, p3];
        double[] nX = [.. counts.KeyBasisDetections], nZ = [.. counts.TestBasisDetections], mZ = [.. counts.TestBasisErrors];
        double nXTotal = nX.Sum(), nZTotal = nZ.Sum(), mZTotal = mZ.Sum();
        double mXTotal = counts.KeyBasisErrors;

        // Hoeffding deviations: delta(n, eps) = sqrt(n/2 ln(21/eps_sec)) (Lim et al. 2014, definition of n^{+-}_{X,k}).
        double DeltaOf(double n) => withFluctuations ? Math.Sqrt(n / 2 * Math.Log(21 / eps)) : 0;
        double dX = DeltaOf(nXTotal), dZ = DeltaOf(nZTotal), dMZ = DeltaOf(mZTotal);
        double Plus(double n, int k, double dev) => Math.Exp(mu[k]) / pk[k] * (n + dev);
        double Minus(double n, int k, double dev) => Math.Exp(mu[k]) / pk[k] * (n - dev);

        // tau_n = sum_k e^{-mu_k} mu_k^n p_k / n!  (Lim et al. 2014).
        double tau0 = pk.Select((p, k) => p * Math.Exp(-mu[k])).Sum();
        double tau1 = pk.Select((p, k) => p * Math.Exp(-mu[k]) * mu[k]).Sum();

        // Vacuum events, Lim et al. 2014, Eq. 2: s_0 >= tau0 (mu2 n^-_{mu3} - mu3 n^+_{mu2}) / (mu2 - mu3).
        double S0(double[] n, double dev) => Math.Max(0, tau0 * ((m2 * Minus(n[2], 2, dev)) - (m3 * Plus(n[1], 1, dev))) / (m2 - m3));

        // Single-photon events, Lim et al. 2014, Eq. 3.
        double S1(double[] n, double dev, double s0) => Math.Max(0, tau1 * m1 *
            (Minus(n[1], 1, dev) - Plus(n[2], 2, dev) - (((m2 * m2) - (m3 * m3)) / (m1 * m1) * (Plus(n[0], 0, dev) - (s0 / tau0)))) /
            ((m1 * (m2 - m3)) - (m2 * m2) + (m3 * m3)));

        double sX0 = S0(nX, dX);
        double sX1 = S1(nX, dX, sX0);
        double sZ1 = S1(nZ, dZ, S0(nZ, dZ));

        // Single-photon errors in Z, Lim et al. 2014, Eq. 4: v_Z1 <= tau1 (m^+_{Z,mu2} - m^-_{Z,mu3}) / (mu2 - mu3).
        double vZ1 = Math.Max(0, tau1 * (Plus(mZ[1], 1, dMZ) - Minus(mZ[2], 2, dMZ)) / (m2 - m3));

        double phase = 0.5;
        if (sZ1 > 0 && sX1 > 0)
        {
            double ratio = Math.Min(0.5, vZ1 / sZ1);
            phase = Math.Min(0.5, ratio + (withFluctuations ? Gamma(eps, ratio, sZ1, sX1) : 0));
        }

        // Lim et al. 2014, Eq. 1: l = s_X0 + s_X1 - s_X1 h(phi_X) - lambda_EC - 6 log2(21/eps_sec) - log2(2/eps_cor).
        double qberX = mXTotal / nXTotal;
        double leakEc = errorCorrectionEfficiency * nXTotal * Entropy.Binary(qberX);
        double securityCost = withFluctuations ? (6 * Math.Log2(21 / eps)) + Math.Log2(2 / parameters.Correctness) : 0;
        double length = Math.Max(0, Math.Floor(sX0 + sX1 - (sX1 * Entropy.Binary(phase)) - leakEc - securityCost));
        double perPulse = length / pulses;
        return new FiniteKeyEstimate(parameters.BlockBits, pulses, qberX, sX0, sX1, phase, leakEc, length, perPulse,
            perPulse * s.RepetitionRateHz, sX1 / (pulses * pX * pX * tau1));
    }

    /// <summary>
    /// gamma(a, b, c, d) = sqrt((c + d)(1 - b) b / (c d ln 2) log2((c + d) / (c d (1 - b) b) 21^2 / a^2))
    /// (Lim et al. 2014, Eq. 5): the deviation of the phase error rate from the Z-basis estimate.
    /// </summary>
    internal static double Gamma(double a, double b, double c, double d)
    {
        if (b <= 0 || b >= 1)
        {
            return 0;
        }

        double inner = (c + d) / (c * d * (1 - b) * b) * 21 * 21 / (a * a);
        double arg = (c + d) * (1 - b) * b / (c * d * Math.Log(2)) * Math.Log2(inner);
        return arg > 0 ? Math.Sqrt(arg) : 0;
    }
}
