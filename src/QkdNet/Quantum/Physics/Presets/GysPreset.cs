namespace QkdNet.Quantum.Physics.Presets;

/// <summary>
/// <c>gys</c>: Gobby, Yuan, Shields, APL 84, 3762 (2004), as tabulated in Ma, Qi, Zhao, Lo,
/// PRA 72, 012326 (2005), Table I: alpha 0.21 dB/km, eta_Bob 0.045, Y0 1.7e-6, e_d 3.3 %,
/// f 1.22, q 1/2, 2 MHz; with mu 0.48 and nu 0.05 (vacuum + weak decoy). The intensity choice
/// probabilities (signal 0.8, decoy 0.1, vacuum 0.1) are ours: the asymptotic models do not use them.
/// </summary>
internal static class GysPreset
{
    public static LinkPreset Preset { get; } = new(
        "gys",
        "Gobby, Yuan, Shields, APL 84, 3762 (2004); parameters as in Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005), Table I",
        "Toshiba 2 MHz BB84 (2004); the reference parameter set of the decoy-state literature",
        QkdLink.Create(
            WeakCoherentSource.Create(0.48, 0.05, 0, 0.8, 0.1, 2e6).Value,
            FibreChannel.Create(0, 0.21).Value,
            Detector.Create(0.045, 1.7e-6).Value,
            misalignment: 0.033,
            errorCorrectionEfficiency: 1.22,
            siftingFactor: 0.5).Value,
        0,
        LinkPreset.Fibre(0.21),
        []);
}
