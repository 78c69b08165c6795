namespace QkdNet.Quantum.Physics;

/// <summary>
/// A phase-randomised weak coherent source for decoy-state BB84: each pulse takes one of three
/// intensities (mean photon numbers) with the given probabilities.
/// </summary>
public sealed record WeakCoherentSource
{
    private WeakCoherentSource(double signalMu, double decoyNu, double vacuumNu,
        double signalProbability, double decoyProbability, double repetitionRateHz)
    {
        SignalMu = signalMu;
        DecoyNu = decoyNu;
        VacuumNu = vacuumNu;
        SignalProbability = signalProbability;
        DecoyProbability = decoyProbability;
        RepetitionRateHz = repetitionRateHz;
    }

    /// <summary>Mean photon number of the signal state, mu, in (0, 1].</summary>
    public double SignalMu { get; }

    /// <summary>Mean photon number of the weak decoy, nu1, in [0, mu).</summary>
    public double DecoyNu { get; }

    /// <summary>Mean photon number of the "vacuum" decoy (0 for a true vacuum), below nu1.</summary>
    public double VacuumNu { get; }

    /// <summary>Probability that a pulse is a signal pulse.</summary>
    public double SignalProbability { get; }

    /// <summary>Probability that a pulse is a weak decoy; the vacuum decoy takes the rest.</summary>
    public double DecoyProbability { get; }

    /// <summary>Probability that a pulse is a vacuum decoy.</summary>
    public double VacuumProbability => Math.Max(0, 1 - SignalProbability - DecoyProbability);

    /// <summary>Pulses per second (Hz).</summary>
    public double RepetitionRateHz { get; }

    /// <summary>The mean photon number of intensity <paramref name="intensity"/>.</summary>
    public double Mean(Intensity intensity) => intensity switch
    {
        Intensity.Signal => SignalMu,
        Intensity.Decoy => DecoyNu,
        _ => VacuumNu,
    };

    /// <summary>The probability of choosing <paramref name="intensity"/> for a pulse.</summary>
    public double Probability(Intensity intensity) => intensity switch
    {
        Intensity.Signal => SignalProbability,
        Intensity.Decoy => DecoyProbability,
        _ => VacuumProbability,
    };

    /// <summary>Validates and creates a source; the error names the bad parameter.</summary>
    public static Result<WeakCoherentSource> Create(double signalMu, double decoyNu, double vacuumNu,
        double signalProbability, double decoyProbability, double repetitionRateHz)
    {
        if (!(signalMu > 0 && signalMu <= 1))
        {
            return Result<WeakCoherentSource>.Fail($"mu must be in (0, 1], got {signalMu}.");
        }

        if (!(decoyNu >= 0 && decoyNu < signalMu))
        {
            return Result<WeakCoherentSource>.Fail($"nu must be in [0, mu), got {decoyNu}.");
        }

        if (!(vacuumNu >= 0 && vacuumNu < decoyNu || vacuumNu == 0 && decoyNu == 0))
        {
            return Result<WeakCoherentSource>.Fail($"the vacuum decoy intensity must be in [0, nu), got {vacuumNu}.");
        }

        if (!(signalProbability > 0 && decoyProbability >= 0 && signalProbability + decoyProbability <= 1 + 1e-12))
        {
            return Result<WeakCoherentSource>.Fail(
                $"intensity probabilities must be positive and sum to at most 1, got signal {signalProbability}, decoy {decoyProbability}.");
        }

        if (!(repetitionRateHz > 0 && double.IsFinite(repetitionRateHz)))
        {
            return Result<WeakCoherentSource>.Fail($"repetition rate must be a positive number of Hz, got {repetitionRateHz}.");
        }

        return new WeakCoherentSource(signalMu, decoyNu, vacuumNu, signalProbability, decoyProbability, repetitionRateHz);
    }
}
