namespace QkdNet.Quantum.Physics.Presets;

/// <summary>
/// A named parameter set from a published QKD system: its source, detector and post-processing
/// figures (<see cref="Device"/>), the channel it ran over as a function of distance, and the
/// results the paper reported, against which <see cref="PresetReproduction"/> checks the model.
/// </summary>
public sealed class LinkPreset
{
    private readonly Func<double, Result<IQuantumChannel>> _channelAt;

    /// <summary>Creates a preset; <paramref name="channelAt"/> maps a distance in km to the channel.</summary>
    public LinkPreset(string name, string citation, string summary, QkdLink device, double minimumDistanceKm,
        Func<double, Result<IQuantumChannel>> channelAt, IReadOnlyList<ReportedResult> reported, SatellitePass? pass = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(channelAt);
        ArgumentNullException.ThrowIfNull(reported);
        Name = name;
        Citation = citation;
        Summary = summary;
        Device = device;
        MinimumDistanceKm = minimumDistanceKm;
        _channelAt = channelAt;
        Reported = reported;
        Pass = pass;
    }

    /// <summary>The name used on the command line and in topology and node files.</summary>
    public string Name { get; }

    /// <summary>The publication the parameters come from.</summary>
    public string Citation { get; }

    /// <summary>One line: the system and what it achieved.</summary>
    public string Summary { get; }

    /// <summary>Source, detector, misalignment, error-correction efficiency and sifting factor; its channel is the preset's at <see cref="MinimumDistanceKm"/>.</summary>
    public QkdLink Device { get; }

    /// <summary>The shortest distance the channel model accepts, in km (0 for fibre; the orbit altitude for a satellite).</summary>
    public double MinimumDistanceKm { get; }

    /// <summary>The results the paper reported.</summary>
    public IReadOnlyList<ReportedResult> Reported { get; }

    /// <summary>The reported satellite pass, for a satellite preset; null for fibre.</summary>
    public SatellitePass? Pass { get; }

    /// <summary>The link over <paramref name="distanceKm"/> km (fibre length, or slant range for a satellite).</summary>
    public Result<QkdLink> At(double distanceKm)
    {
        Result<IQuantumChannel> channel = _channelAt(distanceKm);
        return channel.IsSuccess ? Device with { Channel = channel.Value } : Result<QkdLink>.Fail(channel.Error!);
    }

    /// <summary>A channel function for a fibre of <paramref name="lossDbPerKm"/> dB/km.</summary>
    internal static Func<double, Result<IQuantumChannel>> Fibre(double lossDbPerKm) => km =>
    {
        Result<FibreChannel> fibre = FibreChannel.Create(km, lossDbPerKm);
        return fibre.IsSuccess ? Result<IQuantumChannel>.Ok(fibre.Value) : Result<IQuantumChannel>.Fail(fibre.Error!);
    };
}
