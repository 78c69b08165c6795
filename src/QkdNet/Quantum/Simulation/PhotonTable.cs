namespace QkdNet.Quantum.Simulation;

/// <summary>
/// The distribution of the number of photons that reach Bob's detectors (after all losses) for
/// pulses of one intensity, with the conditional sampling the skipping simulator needs.
/// </summary>
internal sealed class PhotonTable
{
    private const int MaxPhotons = 64;
    private readonly double[] _cumulativeGivenAtLeastOne;

    private PhotonTable(double[] probabilities, double darkPerDetector)
    {
        double none = probabilities[0];
        double quiet = (1 - darkPerDetector) * (1 - darkPerDetector);
        ClickProbability = 1 - (none * quiet);
        SignalGivenClick = ClickProbability > 0 ? (1 - none) / ClickProbability : 0;
        _cumulativeGivenAtLeastOne = new double[probabilities.Length];
        double acc = 0;
        for (int m = 1; m < probabilities.Length; m++)
        {
            acc += probabilities[m];
            _cumulativeGivenAtLeastOne[m] = 1 - none > 0 ? acc / (1 - none) : 1;
        }

        _cumulativeGivenAtLeastOne[^1] = 1;
    }

    /// <summary>Probability that a pulse of this intensity makes at least one detector click.</summary>
    public double ClickProbability { get; }

    /// <summary>Probability, given a click, that at least one photon (not only a dark count) arrived.</summary>
    public double SignalGivenClick { get; }

    /// <summary>Photons arriving at Bob's detectors are Poisson with mean <paramref name="meanDetected"/> (honest channel, or intercept-resend).</summary>
    public static PhotonTable Poisson(double meanDetected, double darkPerDetector)
    {
        var p = new double[MaxPhotons];
        double term = Math.Exp(-meanDetected);
        for (int m = 0; m < MaxPhotons; m++)
        {
            p[m] = term;
            term *= meanDetected / (m + 1);
        }

        return new PhotonTable(p, darkPerDetector);
    }

    /// <summary>
    /// The photon-number-splitting channel: of n photons emitted (Poisson, mean <paramref name="mean"/>),
    /// n = 1 passes with probability <paramref name="singlePass"/>, n &gt;= 2 passes with probability
    /// <paramref name="multiPass"/> carrying n - 1 photons, each detected with <paramref name="bobEfficiency"/>.
    /// </summary>
    public static PhotonTable Splitting(double mean, double singlePass, double multiPass, double bobEfficiency, double darkPerDetector)
    {
        var p = new double[MaxPhotons];
        double emit = Math.Exp(-mean);
        for (int n = 0; n < MaxPhotons; n++)
        {
            if (n == 0)
            {
                p[0] += emit;
            }
            else
            {
                int carried = n == 1 ? 1 : n - 1;
                double pass = n == 1 ? singlePass : multiPass;
                p[0] += emit * (1 - pass);
                double binom = Math.Pow(1 - bobEfficiency, carried);
                for (int m = 0; m <= carried && m < MaxPhotons; m++)
                {
                    p[m] += emit * pass * binom;
                    binom = bobEfficiency >= 1 ? 0 : binom * (carried - m) / (m + 1) * bobEfficiency / (1 - bobEfficiency);
                }
            }

            emit *= mean / (n + 1);
        }

        return new PhotonTable(p, darkPerDetector);
    }

    /// <summary>Draws a photon count of at least 1 from the distribution conditioned on m &gt;= 1.</summary>
    public int SampleAtLeastOne(double u)
    {
        int m = 1;
        while (m < _cumulativeGivenAtLeastOne.Length - 1 && u >= _cumulativeGivenAtLeastOne[m])
        {
            m++;
        }

        return m;
    }

    /// <summary>The probability that at least one photon arrives.</summary>
    public double SignalProbability => ClickProbability * SignalGivenClick;
}
