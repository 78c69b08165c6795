namespace QkdNet.KeyManagement.Relay;

/// <summary>
/// One hop of a relay on the wire: the header, the link-direction sequence number, the IDs of the
/// link keys that padded it, the one-time-padded share and the Wegman-Carter tag. The ciphertext is
/// information-theoretically hidden by the pad; <see cref="ToString"/> still shows only its length.
/// </summary>
/// <param name="Header">Relay, key, share, path and hop.</param>
/// <param name="Sequence">Per link direction, starting at 1 and rising by one per message.</param>
/// <param name="PadKeyIds">Link keys the pad was taken from, in order.</param>
/// <param name="Ciphertext">Share XOR pad (1 to <see cref="RelayMessageCodec.MaxShareBytes"/> bytes).</param>
/// <param name="Tag">The 64-bit authentication tag over every preceding byte of the encoding.</param>
public sealed record RelayMessage(RelayHeader Header, ulong Sequence, IReadOnlyList<KeyId> PadKeyIds, ReadOnlyMemory<byte> Ciphertext, ulong Tag)
{
    /// <inheritdoc />
    public override string ToString() => $"{Header} seq {Sequence} pad {string.Join(",", PadKeyIds)} ({Ciphertext.Length} bytes)";
}
