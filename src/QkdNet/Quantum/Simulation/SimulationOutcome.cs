using QkdNet.Quantum.Detections;
using QkdNet.Quantum.Physics;

namespace QkdNet.Quantum.Simulation;

/// <summary>One simulated run: both sides' raw records and the statistics measured from them.</summary>
/// <param name="Alice">Alice's record.</param>
/// <param name="Bob">Bob's record.</param>
/// <param name="Pulses">Pulses emitted.</param>
/// <param name="Measured">Gain and sifted QBER measured per intensity.</param>
public sealed record SimulationOutcome(AliceDetectionRecord Alice, BobDetectionRecord Bob, long Pulses, IReadOnlyList<MeasuredIntensity> Measured)
{
    /// <summary>The measurement for one intensity.</summary>
    public MeasuredIntensity For(Intensity intensity) => Measured[(int)intensity];
}

/// <summary>What the two parties can measure for one intensity after announcing bases and intensities.</summary>
/// <param name="Intensity">The intensity.</param>
/// <param name="Pulses">Pulses of this intensity sent.</param>
/// <param name="Detections">Pulses of this intensity detected.</param>
/// <param name="SiftedDetections">Detections in which the bases agreed.</param>
/// <param name="SiftedErrors">Sifted detections whose bits differ.</param>
public sealed record MeasuredIntensity(Intensity Intensity, long Pulses, long Detections, long SiftedDetections, long SiftedErrors)
{
    /// <summary>Measured gain: detections per pulse sent.</summary>
    public double Gain => Pulses > 0 ? (double)Detections / Pulses : 0;

    /// <summary>Binomial standard error of <see cref="Gain"/>.</summary>
    public double GainStandardError => Pulses > 0 ? Math.Sqrt(Gain * (1 - Gain) / Pulses) : 0;

    /// <summary>Measured QBER among sifted detections.</summary>
    public double Qber => SiftedDetections > 0 ? (double)SiftedErrors / SiftedDetections : 0;

    /// <summary>Binomial standard error of <see cref="Qber"/>.</summary>
    public double QberStandardError => SiftedDetections > 0 ? Math.Sqrt(Qber * (1 - Qber) / SiftedDetections) : 0;
}
