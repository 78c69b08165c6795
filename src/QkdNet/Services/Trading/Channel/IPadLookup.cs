namespace QkdNet.Services.Trading.Channel;

/// <summary>
/// The receiving end's access to the same pad (in production, a key buffer over ETSI 014
/// <c>dec_keys</c>, fetched ahead from the key IDs the sender announced). A segment is read first and
/// consumed only once its message has been verified, so a forged header cannot burn pad that a
/// genuine message still needs. Implementations are thread-safe.
/// </summary>
public interface IPadLookup
{
    /// <summary>Copies the pad of <paramref name="segment"/> into <paramref name="destination"/> (exactly its length) without consuming it.</summary>
    PadLookupStatus TryRead(PadSegment segment, Span<byte> destination);

    /// <summary>
    /// Marks <paramref name="segment"/> and every earlier byte of its key used and zeroes them: the
    /// sender takes each key's bytes in order, so earlier bytes belong to messages that are either
    /// accepted already or will never be.
    /// </summary>
    void Consume(PadSegment segment);
}
