namespace QkdNet.Quantum.Physics;

/// <summary>A standard single-mode fibre of <see cref="LengthKm"/> km losing <see cref="LossDbPerKm"/> dB/km.</summary>
public sealed record FibreChannel : IQuantumChannel
{
    private FibreChannel(double lengthKm, double lossDbPerKm)
    {
        LengthKm = lengthKm;
        LossDbPerKm = lossDbPerKm;
    }

    /// <summary>Length in km.</summary>
    public double LengthKm { get; }

    /// <summary>Attenuation in dB/km (0.2 for telecom fibre at 1550 nm).</summary>
    public double LossDbPerKm { get; }

    /// <summary>Total loss in dB.</summary>
    public double LossDb => LengthKm * LossDbPerKm;

    /// <summary>Validates and creates a fibre channel.</summary>
    public static Result<FibreChannel> Create(double lengthKm, double lossDbPerKm)
    {
        if (!(lengthKm >= 0 && double.IsFinite(lengthKm)))
        {
            return Result<FibreChannel>.Fail($"distance must be a non-negative number of km, got {lengthKm}.");
        }

        if (!(lossDbPerKm >= 0 && double.IsFinite(lossDbPerKm)))
        {
            return Result<FibreChannel>.Fail($"fibre loss must be a non-negative number of dB/km, got {lossDbPerKm}.");
        }

        return new FibreChannel(lengthKm, lossDbPerKm);
    }

    /// <inheritdoc />
    public double Transmittance(TimeSpan elapsed) => Decibels.ToTransmittance(LossDb);

    /// <inheritdoc />
    public string Describe() => $"fibre {LengthKm} km at {LossDbPerKm} dB/km ({LossDb:0.##} dB)";
}
