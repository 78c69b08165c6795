namespace QkdNet.KeyManagement.Relay;

/// <summary>
/// Where a node gets the link key that pads one relay hop; the KME host implements it over its key
/// store (each link's pool), tests over memory. Implementations must be thread-safe.
/// </summary>
public interface IRelayPadSource
{
    /// <summary>
    /// Sender side: takes <paramref name="byteCount"/> fresh bytes of the key shared with
    /// <paramref name="peer"/> over <paramref name="link"/>, removing them from the pool for good.
    /// A failure (pool too low) is a value, not an exception.
    /// </summary>
    Result<RelayPad> Take(LinkId link, KmeId peer, int byteCount);

    /// <summary>
    /// Receiver side: takes the bytes the sender took, named by <paramref name="keyIds"/>. They are
    /// consumed even if the message then fails to verify (a forged message burns pad; it never reuses it).
    /// Fails when the IDs are unknown, already used or hold fewer than <paramref name="byteCount"/> bytes.
    /// </summary>
    Result<RelayPad> Claim(LinkId link, KmeId peer, IReadOnlyList<KeyId> keyIds, int byteCount);
}
