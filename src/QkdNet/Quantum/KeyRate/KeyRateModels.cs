using QkdNet.Primitives;
using QkdNet.Quantum.Physics;

namespace QkdNet.Quantum.KeyRate;

/// <summary>
/// Asymptotic key-rate models of decoy-state BB84 with a weak coherent source. Each is the GLLP
/// formula R = q { -Q_mu f H2(E_mu) + Q1 [1 - H2(e1)] } (Gottesman, Lo, Lutkenhaus, Preskill,
/// Quantum Inf. Comput. 4, 325 (2004); as written in Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005), Eq. 1)
/// with a different way of obtaining Q1 and e1.
/// </summary>
public static class KeyRateModels
{
    /// <summary>The estimate of <paramref name="method"/> for <paramref name="link"/>; finite-key needs <see cref="FiniteKeyBound"/>.</summary>
    public static Result<KeyRateEstimate> Estimate(QkdLink link, DecoyMethod method, TimeSpan elapsed = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        return method switch
        {
            DecoyMethod.Infinite => InfiniteDecoy(link, elapsed),
            DecoyMethod.VacuumWeak => VacuumWeakDecoy(link, elapsed),
            DecoyMethod.None => NoDecoy(link, elapsed),
            _ => Result<KeyRateEstimate>.Fail("the finite-key bound needs a block size: use FiniteKeyBound."),
        };
    }

    /// <summary>Infinitely many decoys: Y1 and e1 are the true values of the channel model.</summary>
    public static KeyRateEstimate InfiniteDecoy(QkdLink link, TimeSpan elapsed = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        double eta = link.OverallTransmittance(elapsed);
        double y0 = link.Detector.DarkCountYield;
        double y1 = LinkStatistics.SinglePhotonYield(eta, y0);
        double e1 = LinkStatistics.SinglePhotonError(eta, y0, link.Misalignment);
        return Assemble(link, DecoyMethod.Infinite, eta, y1, e1, elapsed);
    }

    /// <summary>
    /// One vacuum and one weak decoy of mean nu: Ma et al. 2005, Sec. III (vacuum + weak decoy),
    /// Y1 &gt;= mu / (mu nu - nu^2) (Q_nu e^nu - Q_mu e^mu nu^2/mu^2 - (mu^2 - nu^2)/mu^2 Y0) and
    /// e1 &lt;= (E_nu Q_nu e^nu - e0 Y0) / (Y1 nu), with the gains the channel model predicts.
    /// </summary>
    public static Result<KeyRateEstimate> VacuumWeakDecoy(QkdLink link, TimeSpan elapsed = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        double mu = link.Source.SignalMu, nu = link.Source.DecoyNu;
        if (link.Source.VacuumNu != 0 || nu <= 0)
        {
            return Result<KeyRateEstimate>.Fail("the vacuum + weak decoy model needs a true vacuum decoy and a weak decoy nu > 0.");
        }

        double eta = link.OverallTransmittance(elapsed);
        double y0 = link.Detector.DarkCountYield;
        double qMu = LinkStatistics.Gain(eta, mu, y0);
        double qNu = LinkStatistics.Gain(eta, nu, y0);
        double eNu = LinkStatistics.ErrorRate(eta, nu, y0, link.Misalignment);
        var bound = DecoyBounds.VacuumWeak(mu, nu, qMu, qNu, eNu, y0);
        return Assemble(link, DecoyMethod.VacuumWeak, eta, bound.Y1Lower, bound.E1Upper, elapsed);
    }

    /// <summary>
    /// No decoys: all multi-photon pulses are assumed tagged, so Q1 &gt;= Q_mu - P_multi with
    /// P_multi = 1 - (1 + mu) e^-mu, and e1 &lt;= E_mu Q_mu / Q1 (GLLP 2004; Ma et al. 2005, Sec. II).
    /// </summary>
    public static KeyRateEstimate NoDecoy(QkdLink link, TimeSpan elapsed = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        double mu = link.Source.SignalMu;
        double eta = link.OverallTransmittance(elapsed);
        double y0 = link.Detector.DarkCountYield;
        double qMu = LinkStatistics.Gain(eta, mu, y0);
        double eMu = LinkStatistics.ErrorRate(eta, mu, y0, link.Misalignment);
        double pMulti = 1 - ((1 + mu) * Math.Exp(-mu));
        double q1 = Math.Max(0, qMu - pMulti);
        double y1 = q1 / (mu * Math.Exp(-mu));
        double e1 = q1 > 0 ? Math.Min(0.5, eMu * qMu / q1) : 0.5;
        return Assemble(link, DecoyMethod.None, eta, y1, e1, elapsed);
    }

    /// <summary>The PLOB bound -log2(1 - eta) on secret bits per channel use of a pure-loss channel
    /// of transmittance <paramref name="channelTransmittance"/> (Pirandola, Laurenza, Ottaviani,
    /// Banchi, Nat. Commun. 8, 15043 (2017), Eq. 6).</summary>
    public static double PlobBound(double channelTransmittance) => -Math.Log2(1 - channelTransmittance);

    /// <summary>
    /// The GLLP rate R = q { -Q_mu f H2(E_mu) + Q1 [1 - H2(e1)] } in bits per pulse, clipped at 0
    /// (Ma et al. 2005, Eq. 1).
    /// </summary>
    public static double Gllp(double siftingFactor, double errorCorrectionEfficiency, double signalGain, double signalQber, double singlePhotonGain, double singlePhotonError) =>
        Math.Max(0, siftingFactor * ((-signalGain * errorCorrectionEfficiency * Entropy.Binary(signalQber)) + (singlePhotonGain * (1 - Entropy.Binary(singlePhotonError)))));

    /// <summary>
    /// The vacuum + weak decoy key rate from measured statistics (what the two parties actually see),
    /// for a signal of mean <paramref name="mu"/> and decoy <paramref name="nu"/>.
    /// </summary>
    public static (double Y1Lower, double E1Upper, double RatePerPulse) FromMeasurement(QkdLink link, double mu, double nu,
        double signalGain, double signalQber, double decoyGain, double decoyQber, double vacuumGain)
    {
        ArgumentNullException.ThrowIfNull(link);
        var (y1, e1) = DecoyBounds.VacuumWeak(mu, nu, signalGain, decoyGain, decoyQber, vacuumGain);
        double q1 = y1 * mu * Math.Exp(-mu);
        return (y1, e1, Gllp(link.SiftingFactor, link.ErrorCorrectionEfficiency, signalGain, signalQber, q1, e1));
    }

    private static KeyRateEstimate Assemble(QkdLink link, DecoyMethod method, double eta, double y1, double e1, TimeSpan elapsed)
    {
        double mu = link.Source.SignalMu;
        double y0 = link.Detector.DarkCountYield;
        double qMu = LinkStatistics.Gain(eta, mu, y0);
        double eMu = LinkStatistics.ErrorRate(eta, mu, y0, link.Misalignment);
        double q1 = y1 * mu * Math.Exp(-mu);

        double rate = Gllp(link.SiftingFactor, link.ErrorCorrectionEfficiency, qMu, eMu, q1, e1);
        double live = LinkStatistics.LiveFraction(
            LinkStatistics.MeanClickProbability(link, eta), link.Detector.DeadTimeSeconds, link.Source.RepetitionRateHz);
        rate *= live;
        return new KeyRateEstimate
        {
            Method = method,
            Transmittance = eta,
            Gain = qMu * live,
            Qber = eMu,
            SinglePhotonYield = y1,
            SinglePhotonError = e1,
            SinglePhotonGain = q1,
            SecretKeyRatePerPulse = rate,
            SecretKeyRateBps = rate * link.Source.RepetitionRateHz,
        };
    }
}
