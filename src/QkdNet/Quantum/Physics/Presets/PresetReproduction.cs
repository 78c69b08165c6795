using QkdNet.Quantum.KeyRate;

namespace QkdNet.Quantum.Physics.Presets;

/// <summary>
/// Runs a preset's model at the conditions of each result its paper reported. Fibre rates use the
/// asymptotic vacuum + weak decoy bound (Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005), Sec. III), the
/// two-decoy method these systems implement; a satellite pass is one finite-key block (<see cref="PassKey"/>).
/// </summary>
public static class PresetReproduction
{
    /// <summary>Integration step of a pass, 1 s: the loss changes by well under 0.1 dB per second.</summary>
    public static readonly TimeSpan PassStep = TimeSpan.FromSeconds(1);

    /// <summary>The model's value for every reported result of <paramref name="preset"/>.</summary>
    public static IReadOnlyList<Reproduction> Evaluate(LinkPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        return [.. preset.Reported.Select(r => Evaluate(preset, r))];
    }

    private static Reproduction Evaluate(LinkPreset preset, ReportedResult reported)
    {
        if (reported.Quantity == ReportedQuantity.PassKeyBits)
        {
            SatellitePass pass = preset.Pass ?? throw new InvalidOperationException($"preset '{preset.Name}' reports a pass key but has no pass.");
            PassKeyEstimate key = PassKey.Compute(preset.Device, pass, FiniteKeyParameters.Create(1).Value, PassStep).Value;
            return new Reproduction(reported, key.SecretKeyBits, "finite key over the pass (Lim et al. 2014)");
        }

        QkdLink link = preset.At(reported.DistanceKm).Value;
        return new Reproduction(reported, KeyRateModels.VacuumWeakDecoy(link).Value.SecretKeyRateBps, "vacuum + weak decoy (Ma et al. 2005)");
    }
}
