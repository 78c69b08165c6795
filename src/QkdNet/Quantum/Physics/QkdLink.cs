namespace QkdNet.Quantum.Physics;

/// <summary>
/// Everything the physics of one QKD link depends on: source, channel, detector, misalignment and
/// the classical post-processing figures that analytic key-rate models take as inputs.
/// </summary>
public sealed record QkdLink
{
    private QkdLink(WeakCoherentSource source, IQuantumChannel channel, Detector detector,
        double misalignment, double errorCorrectionEfficiency, double siftingFactor)
    {
        Source = source;
        Channel = channel;
        Detector = detector;
        Misalignment = misalignment;
        ErrorCorrectionEfficiency = errorCorrectionEfficiency;
        SiftingFactor = siftingFactor;
    }

    /// <summary>The weak coherent source.</summary>
    public WeakCoherentSource Source { get; init; }

    /// <summary>The channel from Alice to Bob.</summary>
    public IQuantumChannel Channel { get; init; }

    /// <summary>Bob's detectors.</summary>
    public Detector Detector { get; init; }

    /// <summary>e_d: probability that a photon hits the wrong detector in a matching basis (0..0.5).</summary>
    public double Misalignment { get; }

    /// <summary>f(E): bits disclosed by error correction relative to the Shannon limit (>= 1).</summary>
    public double ErrorCorrectionEfficiency { get; }

    /// <summary>q: fraction of detections kept after sifting (1/2 for BB84 with symmetric bases).</summary>
    public double SiftingFactor { get; }

    /// <summary>Validates and creates a link.</summary>
    public static Result<QkdLink> Create(WeakCoherentSource source, IQuantumChannel channel, Detector detector,
        double misalignment, double errorCorrectionEfficiency, double siftingFactor)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(detector);
        if (!(misalignment >= 0 && misalignment <= 0.5))
        {
            return Result<QkdLink>.Fail($"misalignment e_d must be in [0, 0.5], got {misalignment}.");
        }

        if (!(errorCorrectionEfficiency >= 1 && double.IsFinite(errorCorrectionEfficiency)))
        {
            return Result<QkdLink>.Fail($"error-correction efficiency f must be at least 1, got {errorCorrectionEfficiency}.");
        }

        if (!(siftingFactor > 0 && siftingFactor <= 1))
        {
            return Result<QkdLink>.Fail($"sifting factor q must be in (0, 1], got {siftingFactor}.");
        }

        return new QkdLink(source, channel, detector, misalignment, errorCorrectionEfficiency, siftingFactor);
    }

    /// <summary>
    /// Overall transmittance eta = channel transmittance times eta_Bob at <paramref name="elapsed"/>
    /// (Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005), Sec. II).
    /// </summary>
    public double OverallTransmittance(TimeSpan elapsed) => Channel.Transmittance(elapsed) * Detector.Efficiency;
}
