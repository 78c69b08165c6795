namespace QkdNet.KeyManagement.Relay;

/// <summary>
/// A verified, decrypted hop: the header, the share in the clear (owned; <see cref="Dispose"/> zeroes
/// it) and the link keys it consumed, for accounting. The receiver forwards it
/// (<see cref="RelayEndpoint.Forward"/>) or, at the destination, hands it to a <see cref="RelayReassembler"/>.
/// </summary>
public sealed class RelayDelivery : IDisposable
{
    internal RelayDelivery(RelayHeader header, ulong sequence, IReadOnlyList<KeyId> padKeyIds, KeyMaterial share)
    {
        Header = header;
        Sequence = sequence;
        PadKeyIds = padKeyIds;
        Share = share;
    }

    /// <summary>The header as received (its <see cref="RelayHeader.Receiver"/> is this node).</summary>
    public RelayHeader Header { get; }

    /// <summary>The sequence number it carried.</summary>
    public ulong Sequence { get; }

    /// <summary>The link keys consumed for its pad.</summary>
    public IReadOnlyList<KeyId> PadKeyIds { get; }

    /// <summary>The decrypted share.</summary>
    public KeyMaterial Share { get; }

    /// <summary>Zeroes the share.</summary>
    public void Dispose() => Share.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"RelayDelivery({Header}, {Share})";
}
