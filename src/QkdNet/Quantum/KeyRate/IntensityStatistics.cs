using QkdNet.Quantum.Physics;

namespace QkdNet.Quantum.KeyRate;

/// <summary>Gain (clicks per emitted pulse) and QBER of one intensity.</summary>
public sealed record IntensityStatistics(Intensity Intensity, double Mean, double Gain, double Qber);
