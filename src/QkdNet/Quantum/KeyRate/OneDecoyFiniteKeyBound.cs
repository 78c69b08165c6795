using QkdNet.Primitives;
using QkdNet.Quantum.Physics;

namespace QkdNet.Quantum.KeyRate;

/// <summary>
/// The finite-key secret key length of the 1-decoy protocol (two intensities mu1 &gt; mu2, no vacuum
/// state) from Rusca, Boaron, Grunenfelder, Martin, Zbinden, "Finite-key analysis for the 1-decoy state
/// QKD protocol", Appl. Phys. Lett. 112, 171104 (2018), Appendix A, Eqs. A10-A25. The key comes from the
/// Z basis (probability p_Z, <see cref="FiniteKeyParameters.KeyBasisProbability"/>); the phase error is
/// estimated from the X basis. The counts are the ones the channel model expects, as in
/// <see cref="FiniteKeyBound.Compute"/> (Ma et al. 2005 channel model, no dead time).
/// </summary>
public static class OneDecoyFiniteKeyBound
{
    /// <summary>The finite-key estimate for a block of <see cref="FiniteKeyParameters.BlockBits"/> Z-basis detections.</summary>
    /// <param name="link">The link; its source must use exactly two intensities (no vacuum pulses).</param>
    /// <param name="parameters">Block size (Z-basis detections), p_Z and the security parameters.</param>
    /// <param name="elapsed">Time since the link started (for time-varying channels).</param>
    public static Result<FiniteKeyEstimate> Compute(QkdLink link, FiniteKeyParameters parameters, TimeSpan elapsed = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(parameters);
        WeakCoherentSource s = link.Source;
        double m1 = s.SignalMu, m2 = s.DecoyNu;
        double p1 = s.SignalProbability, p2 = s.DecoyProbability;
        if (!(m1 > m2 && m2 > 0 && p1 > 0 && p2 > 0 && s.VacuumProbability < 1e-12))
        {
            return Result<FiniteKeyEstimate>.Fail("the 1-decoy bound needs mu1 > mu2 > 0, both in use, and no vacuum pulses.");
        }

        double eta = link.OverallTransmittance(elapsed);
        double y0 = link.Detector.DarkCountYield;
        double pZ = parameters.KeyBasisProbability, pX = 1 - pZ;
        double eps = parameters.Secrecy;
        double[] mu = [m1, m2];
        double[] pk = [p1, p2];

        // Expected detections and errors per intensity (Rusca et al. 2018, Appendix B, Eqs. B1-B6,
        // with the gain and QBER of Ma et al. 2005, Sec. II).
        double[] gain = [.. mu.Select(m => LinkStatistics.Gain(eta, m, y0))];
        double[] qber = [.. mu.Select(m => LinkStatistics.ErrorRate(eta, m, y0, link.Misalignment))];
        double perPulseZ = pZ * pZ * pk.Select((p, k) => p * gain[k]).Sum();
        double pulses = parameters.BlockBits / perPulseZ;
        double[] nZ = [.. pk.Select((p, k) => pulses * pZ * pZ * p * gain[k])];
        double[] mZ = [.. nZ.Select((n, k) => n * qber[k])];
        double[] nX = [.. pk.Select((p, k) => pulses * pX * pX * p * gain[k])];
        double[] mX = [.. nX.Select((n, k) => n * qber[k])];

        // tau_n = sum_k p_k e^{-k} k^n / n! (Eq. A5).
        double tau0 = pk.Select((p, k) => p * Math.Exp(-mu[k])).Sum();
        double tau1 = pk.Select((p, k) => p * Math.Exp(-mu[k]) * mu[k]).Sum();

        var z = Bounds(nZ, mZ, mu, pk, tau0, tau1, eps);
        var x = Bounds(nX, mX, mu, pk, tau0, tau1, eps);

        // Phase error, Eqs. A20-A23: phi_Z <= v_X1 / s_X1 + gamma(eps_sec, v_X1 / s_X1, s_Z1, s_X1).
        double phase = 0.5;
        if (z.SingleLower > 0 && x.SingleLower > 0)
        {
            double ratio = Math.Min(0.5, x.SingleErrorsUpper / x.SingleLower);
            phase = Math.Min(0.5, ratio + FiniteKeyBound.Gamma(eps, ratio, z.SingleLower, x.SingleLower));
        }

        // Eq. A25: l = s_Z0 + s_Z1 (1 - h(phi_Z)) - lambda_EC - 6 log2(19 / eps_sec) - log2(2 / eps_cor).
        double nZTotal = nZ.Sum();
        double qberZ = mZ.Sum() / nZTotal;
        double leakEc = link.ErrorCorrectionEfficiency * nZTotal * Entropy.Binary(qberZ);
        double securityCost = (6 * Math.Log2(19 / eps)) + Math.Log2(2 / parameters.Correctness);
        double length = Math.Max(0, Math.Floor(z.VacuumLower + (z.SingleLower * (1 - Entropy.Binary(phase))) - leakEc - securityCost));
        double perPulse = length / pulses;
        return new FiniteKeyEstimate(parameters.BlockBits, pulses, qberZ, z.VacuumLower, z.SingleLower, phase, leakEc, length, perPulse,
            perPulse * s.RepetitionRateHz, z.SingleLower / (pulses * pZ * pZ * tau1));
    }

    private static (double VacuumLower, double SingleLower, double SingleErrorsUpper) Bounds(
        double[] n, double[] m, double[] mu, double[] pk, double tau0, double tau1, double eps)
    {
        double m1 = mu[0], m2 = mu[1];

        // delta(n, eps) = sqrt(n ln(1/eps) / 2) (Eq. A2); n^{+-}_k = e^k / p_k (n_k +- delta) (Eq. A18 in the
        // form of Lim et al. 2014, which A10 and A19 need).
        double Delta(double total) => total > 0 ? Math.Sqrt(total / 2 * Math.Log(1 / eps)) : 0;
        double dn = Delta(n.Sum()), dm = Delta(m.Sum());
        double Plus(double v, int k, double dev) => Math.Exp(mu[k]) / pk[k] * (v + dev);
        double Minus(double v, int k, double dev) => Math.Exp(mu[k]) / pk[k] * (v - dev);

        // Upper bound on vacuum events from the decoy's errors, Eq. A16:
        // s_0^u = 2 [tau0 e^{mu2} / p_mu2 (m_mu2 + delta(m, eps)) + delta(n, eps)].
        double vacuumUpper = 2 * ((tau0 * Plus(m[1], 1, dm)) + dn);

        // Lower bound on vacuum events, Eq. A19: s_0^l = tau0 / (mu1 - mu2) (mu1 n^-_mu2 - mu2 n^+_mu1).
        double vacuumLower = Math.Max(0, tau0 / (m1 - m2) * ((m1 * Minus(n[1], 1, dn)) - (m2 * Plus(n[0], 0, dn))));

        // Single-photon events, Eq. A17:
        // s_1^l = tau1 mu1 / (mu2 (mu1 - mu2)) [n^-_mu2 - mu2^2/mu1^2 n^+_mu1 - (mu1^2 - mu2^2)/mu1^2 s_0^u / tau0].
        double singleLower = Math.Max(0, tau1 * m1 / (m2 * (m1 - m2)) *
            (Minus(n[1], 1, dn) - ((m2 * m2) / (m1 * m1) * Plus(n[0], 0, dn)) - (((m1 * m1) - (m2 * m2)) / (m1 * m1) * vacuumUpper / tau0)));

        // Single-photon errors, Eq. A22: v_1^u = tau1 / (mu1 - mu2) (m^+_mu1 - m^-_mu2).
        double singleErrorsUpper = Math.Max(0, tau1 / (m1 - m2) * (Plus(m[0], 0, dm) - Minus(m[1], 1, dm)));
        return (vacuumLower, singleLower, singleErrorsUpper);
    }
}
