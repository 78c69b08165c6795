using QkdNet.Quantum.Physics;

namespace QkdNet.Quantum.KeyRate;

/// <summary>
/// Expected gains and error rates of a link, per emitted pulse, from the standard channel model of
/// Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005), Section II.
/// </summary>
public static class LinkStatistics
{
    /// <summary>e0 = 1/2: error rate of a background click (Ma et al. 2005, Sec. II).</summary>
    public const double BackgroundErrorRate = 0.5;

    /// <summary>Gain Q_mu = Y0 + 1 - exp(-eta mu) (Ma et al. 2005, Sec. II, channel model), before dead time.</summary>
    public static double Gain(double eta, double mean, double y0) => y0 + 1 - Math.Exp(-eta * mean);

    /// <summary>QBER E_mu = (e0 Y0 + e_d (1 - exp(-eta mu))) / Q_mu (Ma et al. 2005, Sec. II).</summary>
    public static double ErrorRate(double eta, double mean, double y0, double misalignment) =>
        ((BackgroundErrorRate * y0) + (misalignment * (1 - Math.Exp(-eta * mean)))) / Gain(eta, mean, y0);

    /// <summary>Single-photon yield Y1 = Y0 + eta - Y0 eta (Ma et al. 2005, Sec. II, Y_i with i = 1).</summary>
    public static double SinglePhotonYield(double eta, double y0) => y0 + eta - (y0 * eta);

    /// <summary>Single-photon error e1 = (e0 Y0 + e_d eta) / Y1 (Ma et al. 2005, Sec. II, e_i with i = 1).</summary>
    public static double SinglePhotonError(double eta, double y0, double misalignment) =>
        ((BackgroundErrorRate * y0) + (misalignment * eta)) / SinglePhotonYield(eta, y0);

    /// <summary>
    /// Fraction of slots in which a non-paralysable detector is live, 1 / (1 + Q tau R), for click
    /// probability Q per slot, dead time tau (s) and repetition rate R (Hz). A standard dead-time
    /// correction (e.g. Rogers et al., New J. Phys. 9, 319 (2007)).
    /// </summary>
    public static double LiveFraction(double clickProbability, double deadTimeSeconds, double repetitionRateHz) =>
        1 / (1 + (clickProbability * deadTimeSeconds * repetitionRateHz));

    /// <summary>Expected gain and QBER of each intensity of <paramref name="link"/>, dead time included.</summary>
    public static IntensityStatistics ForIntensity(QkdLink link, Intensity intensity, TimeSpan elapsed = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        double eta = link.OverallTransmittance(elapsed);
        double y0 = link.Detector.DarkCountYield;
        double mean = link.Source.Mean(intensity);
        double live = LiveFraction(MeanClickProbability(link, eta), link.Detector.DeadTimeSeconds, link.Source.RepetitionRateHz);
        return new IntensityStatistics(intensity, mean, Gain(eta, mean, y0) * live, ErrorRate(eta, mean, y0, link.Misalignment));
    }

    /// <summary>Click probability per slot averaged over the intensity choice.</summary>
    public static double MeanClickProbability(QkdLink link, double eta)
    {
        ArgumentNullException.ThrowIfNull(link);
        double y0 = link.Detector.DarkCountYield;
        double sum = 0;
        foreach (Intensity i in Enum.GetValues<Intensity>())
        {
            sum += link.Source.Probability(i) * Gain(eta, link.Source.Mean(i), y0);
        }

        return sum;
    }
}
