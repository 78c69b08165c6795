using QkdNet.Quantum.Physics.Presets;

namespace QkdNet.Quantum.Physics;

/// <summary>Named parameter sets from the literature (see <see cref="LinkPreset"/> and docs/link-presets.md).</summary>
public static class LinkPresets
{
    /// <summary>Every preset, <c>gys</c> first (the default).</summary>
    public static IReadOnlyList<LinkPreset> All { get; } =
        [GysPreset.Preset, Tokyo2011Preset.Preset, Toshiba2018Preset.Preset, Boaron2018Preset.Preset, Micius2017Preset.Preset];

    /// <summary>The preset names, for help text and errors.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(p => p.Name)];

    /// <summary>The preset called <paramref name="name"/> (case-insensitive), or an error listing the known names.</summary>
    public static Result<LinkPreset> Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (LinkPreset preset in All)
        {
            if (string.Equals(preset.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return preset;
            }
        }

        return Result<LinkPreset>.Fail($"unknown preset '{name}'; known presets: {string.Join(", ", Names)}.");
    }

    /// <summary>The link of the given preset over <paramref name="distanceKm"/> km (fibre length, or slant range for a satellite preset).</summary>
    public static Result<QkdLink> Create(string name, double distanceKm)
    {
        Result<LinkPreset> preset = Find(name);
        return preset.IsSuccess ? preset.Value.At(distanceKm) : Result<QkdLink>.Fail(preset.Error!);
    }
}
