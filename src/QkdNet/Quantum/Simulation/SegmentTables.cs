using QkdNet.Quantum.Physics;

namespace QkdNet.Quantum.Simulation;

/// <summary>Everything the simulator precomputes for one stretch of constant channel transmittance.</summary>
internal sealed class SegmentTables
{
    private SegmentTables() { }

    public required PhotonTable[] Photons { get; init; }

    /// <summary>Probability that a pulse (any intensity) clicks.</summary>
    public required double ClickProbability { get; init; }

    /// <summary>P(signal | click) and P(signal or decoy | click).</summary>
    public required double IntensityGivenClick0 { get; init; }

    public required double IntensityGivenClick01 { get; init; }

    /// <summary>Weights of each intensity among the silent pulses, and among all pulses.</summary>
    public required double[] SilentIntensityWeights { get; init; }

    public required double[] EmissionWeights { get; init; }

    public required double DarkPerDetector { get; init; }

    /// <summary>Probability of at least one dark count in a slot.</summary>
    public required double AnyDark { get; init; }

    public required double Misalignment { get; init; }

    public required double InterceptFraction { get; init; }

    public static SegmentTables For(QkdLink link, Eavesdropper? eve, TimeSpan elapsed)
    {
        WeakCoherentSource s = link.Source;
        double pd = link.Detector.DarkCountPerDetector;
        double eta = link.OverallTransmittance(elapsed);
        double[] means = [s.SignalMu, s.DecoyNu, s.VacuumNu];
        double[] weights = [s.SignalProbability, s.DecoyProbability, s.VacuumProbability];
        PhotonTable[] photons = eve is PhotonNumberSplitting
            ? SplittingTables(link, eta, means, pd)
            : [.. means.Select(m => PhotonTable.Poisson(eta * m, pd))];

        double click = 0;
        var joint = new double[3];
        var silent = new double[3];
        for (int k = 0; k < 3; k++)
        {
            joint[k] = weights[k] * photons[k].ClickProbability;
            silent[k] = weights[k] * (1 - photons[k].ClickProbability);
            click += joint[k];
        }

        double silentTotal = silent.Sum();
        return new SegmentTables
        {
            Photons = photons,
            ClickProbability = click,
            IntensityGivenClick0 = click > 0 ? joint[0] / click : 1,
            IntensityGivenClick01 = click > 0 ? (joint[0] + joint[1]) / click : 1,
            SilentIntensityWeights = [.. silent.Select(w => silentTotal > 0 ? w / silentTotal : 0)],
            EmissionWeights = weights,
            DarkPerDetector = pd,
            AnyDark = 1 - ((1 - pd) * (1 - pd)),
            Misalignment = link.Misalignment,
            InterceptFraction = eve is InterceptResend ir ? ir.Fraction : 0,
        };
    }

    /// <summary>
    /// PNS: Eve picks the pass probabilities of single- and multi-photon pulses so that the signal's
    /// chance of bringing a photon to Bob matches the honest channel's 1 - exp(-eta mu); she cannot
    /// tell intensities apart, so the same choice applies to the decoys.
    /// </summary>
    private static PhotonTable[] SplittingTables(QkdLink link, double eta, double[] means, double pd)
    {
        double bob = link.Detector.Efficiency;
        double mu = means[0];
        double target = 1 - Math.Exp(-eta * mu);
        double single = mu * Math.Exp(-mu) * bob;
        double multi = 1 - Math.Exp(-mu) - (mu * Math.Exp(-mu)) - MultiMiss(mu, bob);
        double singlePass, multiPass;
        if (multi >= target)
        {
            singlePass = 0;
            multiPass = target / multi;
        }
        else if (target - multi <= single)
        {
            singlePass = (target - multi) / single;
            multiPass = 1;
        }
        else
        {
            singlePass = 1;
            multiPass = 1;
        }

        return [.. means.Select(m => PhotonTable.Splitting(m, singlePass, multiPass, bob, pd))];
    }

    /// <summary>Sum over n &gt;= 2 of P(n) (1 - eta_Bob)^(n-1): multi-photon pulses whose forwarded photons all miss.</summary>
    private static double MultiMiss(double mu, double bob)
    {
        double sum = 0, p = Math.Exp(-mu) * mu;
        for (int n = 2; n < 64; n++)
        {
            p *= mu / n;
            sum += p * Math.Pow(1 - bob, n - 1);
        }

        return sum;
    }
}
