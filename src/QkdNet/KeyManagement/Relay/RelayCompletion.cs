namespace QkdNet.KeyManagement.Relay;

/// <summary>
/// A relay completed at its destination: the manifest every share agreed on, the key for the slave SAEs (owned;
/// <see cref="Dispose"/> zeroes it) and the key-confirmation tag to send back to the origin
/// (<see cref="RelayConfirmation"/>).
/// </summary>
public sealed class RelayCompletion : IDisposable
{
    internal RelayCompletion(RelayManifest manifest, KeyMaterial key, ulong confirmation)
    {
        Manifest = manifest;
        Key = key;
        Confirmation = confirmation;
    }

    /// <summary>What the origin decided, as every share carried it.</summary>
    public RelayManifest Manifest { get; }

    /// <summary>The relayed key (without the confirmation key).</summary>
    public KeyMaterial Key { get; }

    /// <summary>The tag that proves to the origin that this node holds the key it made (not secret: one-time padded).</summary>
    public ulong Confirmation { get; }

    /// <summary>Zeroes the key.</summary>
    public void Dispose() => Key.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"RelayCompletion({Manifest.RelayId}, {Key})";
}
