namespace QkdNet.Quantum.Physics;

/// <summary>Conversions between loss in dB and linear transmittance.</summary>
public static class Decibels
{
    /// <summary>Transmittance 10^(-dB/10) of a loss of <paramref name="lossDb"/> dB.</summary>
    public static double ToTransmittance(double lossDb) => Math.Pow(10, -lossDb / 10);

    /// <summary>Loss in dB of a linear transmittance in (0, 1].</summary>
    public static double FromTransmittance(double transmittance) => -10 * Math.Log10(transmittance);
}
