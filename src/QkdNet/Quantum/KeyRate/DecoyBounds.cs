namespace QkdNet.Quantum.KeyRate;

/// <summary>
/// Decoy-state bounds on the single-photon yield and error from observed (or expected) gains and
/// error rates. Used by the analytic model and by parameter estimation on measured data alike.
/// </summary>
public static class DecoyBounds
{
    /// <summary>
    /// Vacuum + weak decoy bounds (Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005), Sec. III, vacuum + weak):
    /// Y1^L = mu / (mu nu - nu^2) (Q_nu e^nu - Q_mu e^mu nu^2 / mu^2 - (mu^2 - nu^2) / mu^2 Y0),
    /// e1^U = (E_nu Q_nu e^nu - e0 Y0) / (Y1^L nu). Y1^L is clipped at 0 and e1^U to [0, 1/2].
    /// </summary>
    /// <param name="mu">Signal mean photon number.</param>
    /// <param name="nu">Weak decoy mean photon number, below mu.</param>
    /// <param name="signalGain">Q_mu.</param>
    /// <param name="decoyGain">Q_nu.</param>
    /// <param name="decoyQber">E_nu.</param>
    /// <param name="vacuumYield">Y0 (the vacuum decoy's gain).</param>
    public static (double Y1Lower, double E1Upper) VacuumWeak(double mu, double nu, double signalGain, double decoyGain, double decoyQber, double vacuumYield)
    {
        double y1 = mu / ((mu * nu) - (nu * nu)) *
            ((decoyGain * Math.Exp(nu)) - (signalGain * Math.Exp(mu) * nu * nu / (mu * mu)) - ((mu * mu) - (nu * nu)) / (mu * mu) * vacuumYield);
        y1 = Math.Max(0, y1);
        double e1 = y1 > 0
            ? ((decoyQber * decoyGain * Math.Exp(nu)) - (LinkStatistics.BackgroundErrorRate * vacuumYield)) / (y1 * nu)
            : 0.5;
        return (y1, Math.Clamp(e1, 0, 0.5));
    }
}
