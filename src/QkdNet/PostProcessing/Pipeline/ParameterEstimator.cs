using QkdNet.Primitives;
using QkdNet.Quantum.KeyRate;

namespace QkdNet.PostProcessing.Pipeline;

/// <summary>
/// Turns a block's public counts into bounds on the single-photon yield and error and a secret key
/// length. Pure and deterministic, so Alice and Bob reach the same decision from the same counts.
/// </summary>
public static class ParameterEstimator
{
    /// <summary>Counts of one block, as both ends know them after sifting and disclosure.</summary>
    /// <param name="Pulses">Pulses sent per intensity (signal, decoy, vacuum).</param>
    /// <param name="Detections">Detections per intensity.</param>
    /// <param name="SampleBits">Signal sifted bits disclosed.</param>
    /// <param name="SampleErrors">Errors among them.</param>
    /// <param name="DecoySifted">Decoy sifted bits (all disclosed).</param>
    /// <param name="DecoyErrors">Errors among them.</param>
    public sealed record Counts(long[] Pulses, long[] Detections, long SampleBits, long SampleErrors, long DecoySifted, long DecoyErrors);

    /// <summary>
    /// Bounds from the counts: gains widened by u standard deviations, Q_nu^L = Q_nu (1 - u / sqrt(D_nu)),
    /// Q_mu^U = Q_mu (1 + u / sqrt(D_mu)), Y0^U = Y0 (1 + u / sqrt(D_0)) (Ma, Qi, Zhao, Lo 2005, Sec. VI),
    /// then the vacuum + weak decoy bounds of Y1 and e1 (<see cref="DecoyBounds.VacuumWeak"/>).
    /// </summary>
    public static ParameterEstimate Estimate(Counts counts, PostProcessingOptions options)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(options);
        double u = options.StandardDeviations;
        double mu = options.SignalMu, nu = options.DecoyNu;
        double Ratio(long a, long b) => b > 0 ? (double)a / b : 0;

        double qMu = Ratio(counts.Detections[0], counts.Pulses[0]);
        double qNu = Ratio(counts.Detections[1], counts.Pulses[1]);
        double y0 = Ratio(counts.Detections[2], counts.Pulses[2]);
        double qMuUpper = qMu * (1 + (u / Math.Sqrt(Math.Max(1, counts.Detections[0]))));
        double qNuLower = Math.Max(0, qNu * (1 - (u / Math.Sqrt(Math.Max(1, counts.Detections[1])))));

        // With no vacuum detection at all, u^2 / N_0 bounds Y0 from above at about the same confidence.
        double y0Upper = counts.Detections[2] > 0
            ? y0 * (1 + (u / Math.Sqrt(counts.Detections[2])))
            : counts.Pulses[2] > 0 ? u * u / counts.Pulses[2] : 1;
        double y0Lower = Math.Max(0, y0 * (1 - (u / Math.Sqrt(Math.Max(1, counts.Detections[2])))));

        double e = Ratio(counts.SampleErrors, counts.SampleBits);
        double eUpper = Math.Min(0.5, e + (u * Math.Sqrt(Math.Max(e * (1 - e), 1.0 / Math.Max(1, counts.SampleBits)) / Math.Max(1, counts.SampleBits))));
        double eNu = Ratio(counts.DecoyErrors, counts.DecoySifted);
        double eNuUpper = Math.Min(0.5, eNu + (u * Math.Sqrt(Math.Max(eNu * (1 - eNu), 1.0 / Math.Max(1, counts.DecoySifted)) / Math.Max(1, counts.DecoySifted))));

        var (y1Lower, _) = DecoyBounds.VacuumWeak(mu, nu, qMuUpper, qNuLower, eNuUpper, y0Upper);

        // e1 <= (E_nu Q_nu e^nu - e0 Y0) / (Y1 nu), its numerator taken at the pessimistic ends.
        double e1Upper = y1Lower > 0
            ? Math.Clamp(((eNuUpper * qNu * Math.Exp(nu)) - (0.5 * y0Lower)) / (y1Lower * nu), 0, 0.5)
            : 0.5;
        double fraction = qMuUpper > 0 ? Math.Min(1, y1Lower * mu * Math.Exp(-mu) / qMuUpper) : 0;

        string? abort = null;
        if (counts.SampleBits == 0 || counts.Detections[0] == 0)
        {
            abort = "too few detections to estimate the QBER";
        }
        else if (eUpper > options.MaxQber)
        {
            abort = FormattableString.Invariant($"QBER {e:P2} (upper bound {eUpper:P2}) above the threshold {options.MaxQber:P0}: possible eavesdropping");
        }
        else if (fraction * (1 - Entropy.Binary(e1Upper)) <= 1.1 * Entropy.Binary(eUpper))
        {
            abort = FormattableString.Invariant($"no secret key possible: single-photon fraction {fraction:P1}, e1 <= {e1Upper:P2} against QBER {eUpper:P2}");
        }

        return new ParameterEstimate(qMu, qNu, y0, e, eUpper, eNu, y1Lower, e1Upper, fraction, abort);
    }

    /// <summary>
    /// Secret key length of a reconciled block of <paramref name="keyBits"/> bits:
    /// l = floor(n Delta1 (1 - H2(e1^U)) - leak_EC - leak_verify - 2 log2(1/eps_PA)) (GLLP 2004,
    /// as written per block in Ma et al. 2005, Eq. 1, with the actual disclosed bits in place of
    /// f H2(E)), or 0 when it would be negative.
    /// </summary>
    public static int SecretKeyLength(ParameterEstimate estimate, int keyBits, long disclosedBits, PostProcessingOptions options)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        ArgumentNullException.ThrowIfNull(options);
        double length = (keyBits * estimate.SinglePhotonFraction * (1 - Entropy.Binary(estimate.SinglePhotonErrorUpper)))
            - disclosedBits - (2 * Math.Log2(1 / options.PrivacyAmplificationEpsilon));
        return length > 0 ? (int)Math.Floor(length) : 0;
    }
}
