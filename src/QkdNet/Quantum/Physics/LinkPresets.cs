namespace QkdNet.Quantum.Physics;

/// <summary>Named parameter sets from the literature.</summary>
public static class LinkPresets
{
    /// <summary>The preset names, for help text and errors.</summary>
    public static IReadOnlyList<string> Names { get; } = ["gys"];

    /// <summary>
    /// The link of the given preset over <paramref name="distanceKm"/> km of fibre.
    /// <c>gys</c>: Gobby, Yuan, Shields, APL 84, 3762 (2004), as tabulated in Ma, Qi, Zhao, Lo,
    /// PRA 72, 012326 (2005), Table I: alpha 0.21 dB/km, eta_Bob 0.045, Y0 1.7e-6, e_d 3.3 %,
    /// f 1.22, q 1/2, 2 MHz; with mu 0.48 and nu 0.05 (vacuum + weak decoy). The intensity choice
    /// probabilities (signal 0.8, decoy 0.1, vacuum 0.1) are ours: the asymptotic models do not use them.
    /// </summary>
    public static Result<QkdLink> Create(string name, double distanceKm)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!string.Equals(name, "gys", StringComparison.OrdinalIgnoreCase))
        {
            return Result<QkdLink>.Fail($"unknown preset '{name}'; known presets: {string.Join(", ", Names)}.");
        }

        var fibre = FibreChannel.Create(distanceKm, 0.21);
        if (!fibre.IsSuccess)
        {
            return Result<QkdLink>.Fail(fibre.Error!);
        }

        return QkdLink.Create(
            WeakCoherentSource.Create(0.48, 0.05, 0, 0.8, 0.1, 2e6).Value,
            fibre.Value,
            Detector.Create(0.045, 1.7e-6).Value,
            misalignment: 0.033,
            errorCorrectionEfficiency: 1.22,
            siftingFactor: 0.5);
    }
}
