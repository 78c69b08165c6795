using QkdNet.Quantum.Physics;

namespace QkdNet.Quantum.KeyRate;

/// <summary>Finds the signal intensity mu that maximises a model's key rate at one operating point.</summary>
public static class MuOptimizer
{
    /// <summary>
    /// Grid search over 80 log-spaced mu in [1e-4, 1], refined by golden-section search around the
    /// best grid point. Decoy intensities are scaled down with mu when they would no longer be below it.
    /// </summary>
    public static (double Mu, KeyRateEstimate Estimate) Optimize(QkdLink link, DecoyMethod method)
    {
        ArgumentNullException.ThrowIfNull(link);
        double Rate(double logMu) => Evaluate(link, method, Math.Exp(logMu))?.SecretKeyRatePerPulse ?? 0;

        double lo = Math.Log(1e-4), hi = 0;
        const int grid = 80;
        int best = 0;
        double bestRate = double.NegativeInfinity;
        for (int i = 0; i <= grid; i++)
        {
            double r = Rate(lo + ((hi - lo) * i / grid));
            if (r > bestRate)
            {
                bestRate = r;
                best = i;
            }
        }

        double step = (hi - lo) / grid;
        double a = lo + ((best - 1) * step), b = lo + ((best + 1) * step);
        double phi = (Math.Sqrt(5) - 1) / 2;
        for (int iteration = 0; iteration < 40; iteration++)
        {
            double c = b - (phi * (b - a)), d = a + (phi * (b - a));
            if (Rate(c) >= Rate(d))
            {
                b = d;
            }
            else
            {
                a = c;
            }
        }

        double mu = Math.Min(1, Math.Exp((a + b) / 2));
        return (mu, Evaluate(link, method, mu) ?? KeyRateModels.NoDecoy(link));
    }

    private static KeyRateEstimate? Evaluate(QkdLink link, DecoyMethod method, double mu)
    {
        WeakCoherentSource s = link.Source;
        double nu = Math.Min(s.DecoyNu, mu / 2);
        var source = WeakCoherentSource.Create(mu, nu, Math.Min(s.VacuumNu, nu / 2), s.SignalProbability, s.DecoyProbability, s.RepetitionRateHz);
        if (!source.IsSuccess)
        {
            return null;
        }

        var r = KeyRateModels.Estimate(link with { Source = source.Value }, method);
        return r.IsSuccess ? r.Value : null;
    }
}
