namespace QkdNet.Quantum.Physics;

/// <summary>
/// Bob's threshold single-photon detectors (two, one per bit value), lumped with his optics.
/// </summary>
public sealed record Detector
{
    private Detector(double efficiency, double darkCountYield, double deadTimeSeconds)
    {
        Efficiency = efficiency;
        DarkCountYield = darkCountYield;
        DeadTimeSeconds = deadTimeSeconds;
    }

    /// <summary>Detection efficiency times Bob's optical transmittance, eta_Bob (linear, 0..1].</summary>
    public double Efficiency { get; }

    /// <summary>Y0: probability per pulse slot of a click from background alone, both detectors together.</summary>
    public double DarkCountYield { get; }

    /// <summary>Non-paralysable dead time after a click, in seconds (0 for none).</summary>
    public double DeadTimeSeconds { get; }

    /// <summary>Dark-click probability of one of the two detectors per slot: 1-(1-Y0)^(1/2).</summary>
    public double DarkCountPerDetector => 1 - Math.Sqrt(1 - DarkCountYield);

    /// <summary>Validates and creates a detector.</summary>
    public static Result<Detector> Create(double efficiency, double darkCountYield, double deadTimeSeconds = 0)
    {
        if (!(efficiency > 0 && efficiency <= 1))
        {
            return Result<Detector>.Fail($"detector efficiency must be in (0, 1], got {efficiency}.");
        }

        if (!(darkCountYield >= 0 && darkCountYield < 1))
        {
            return Result<Detector>.Fail($"dark-count yield Y0 must be in [0, 1), got {darkCountYield}.");
        }

        if (!(deadTimeSeconds >= 0 && double.IsFinite(deadTimeSeconds)))
        {
            return Result<Detector>.Fail($"dead time must be a non-negative number of seconds, got {deadTimeSeconds}.");
        }

        return new Detector(efficiency, darkCountYield, deadTimeSeconds);
    }
}
