using QkdNet.Quantum.KeyRate;
using QkdNet.Quantum.Physics;

namespace QkdNet.Control.Topology;

/// <summary>
/// The physics of one topology link: a named device preset (<see cref="LinkPresets"/>) over a fibre
/// of given length and attenuation, or over a free-space path of given loss.
/// </summary>
public sealed record LinkPhysics
{
    /// <summary>Fibre attenuation assumed when a file gives none, in dB/km (the <c>gys</c> preset's).</summary>
    public const double DefaultLossDbPerKm = 0.21;

    private LinkPhysics(ChannelKind kind, string preset, double lengthKm, double lossDbPerKm, double freeSpaceLossDb)
    {
        Kind = kind;
        Preset = preset;
        LengthKm = lengthKm;
        LossDbPerKm = lossDbPerKm;
        FreeSpaceLossDb = freeSpaceLossDb;
    }

    /// <summary>Fibre or free space.</summary>
    public ChannelKind Kind { get; }

    /// <summary>The device preset name (see <see cref="LinkPresets.Names"/>).</summary>
    public string Preset { get; }

    /// <summary>Fibre length in km; 0 for free space.</summary>
    public double LengthKm { get; }

    /// <summary>Fibre attenuation in dB/km; 0 for free space.</summary>
    public double LossDbPerKm { get; }

    /// <summary>Free-space channel loss in dB; 0 for fibre.</summary>
    public double FreeSpaceLossDb { get; }

    /// <summary>Total channel loss in dB (detector efficiency not included).</summary>
    public double ChannelLossDb => Kind == ChannelKind.Fibre ? LengthKm * LossDbPerKm : FreeSpaceLossDb;

    /// <summary>A fibre link; fails on a negative or non-finite length or attenuation, or an unknown preset.</summary>
    public static Result<LinkPhysics> Fibre(string preset, double lengthKm, double lossDbPerKm = DefaultLossDbPerKm)
    {
        ArgumentNullException.ThrowIfNull(preset);
        if (!(lengthKm >= 0 && double.IsFinite(lengthKm)))
        {
            return Result<LinkPhysics>.Fail($"fibre length must be a non-negative number of km, got {lengthKm}.");
        }

        if (!(lossDbPerKm >= 0 && double.IsFinite(lossDbPerKm)))
        {
            return Result<LinkPhysics>.Fail($"fibre loss must be a non-negative number of dB/km, got {lossDbPerKm}.");
        }

        return WithKnownPreset(new LinkPhysics(ChannelKind.Fibre, preset, lengthKm, lossDbPerKm, 0));
    }

    /// <summary>A free-space link of fixed loss; fails on a negative or non-finite loss, or an unknown preset.</summary>
    public static Result<LinkPhysics> FreeSpace(string preset, double lossDb)
    {
        ArgumentNullException.ThrowIfNull(preset);
        if (!(lossDb >= 0 && double.IsFinite(lossDb)))
        {
            return Result<LinkPhysics>.Fail($"free-space loss must be a non-negative number of dB, got {lossDb}.");
        }

        return WithKnownPreset(new LinkPhysics(ChannelKind.FreeSpace, preset, 0, 0, lossDb));
    }

    /// <summary>The simulated link: the preset's source and detector over this channel.</summary>
    public QkdLink CreateLink()
    {
        // The preset is validated at construction, so this cannot fail.
        QkdLink baseLink = LinkPresets.Find(Preset).Value.Device;
        IQuantumChannel channel = Kind == ChannelKind.Fibre
            ? FibreChannel.Create(LengthKm, LossDbPerKm).Value
            : FreeSpaceChannel.Fixed(FreeSpaceLossDb).Value;
        return baseLink with { Channel = channel };
    }

    /// <summary>
    /// Expected secret key rate in bits per second from the asymptotic infinite-decoy model
    /// (<see cref="KeyRateModels.InfiniteDecoy"/>), before any speed-up.
    /// </summary>
    public double ExpectedSecretKeyRateBps() => KeyRateModels.InfiniteDecoy(CreateLink()).SecretKeyRateBps;

    private static Result<LinkPhysics> WithKnownPreset(LinkPhysics physics) =>
        LinkPresets.Find(physics.Preset) is { IsSuccess: false } unknown ? Result<LinkPhysics>.Fail(unknown.Error!) : physics;
}
