namespace QkdNet.KeyManagement.Relay;

/// <summary>
/// How a relay message and a batch of pads reach a neighbouring KME: the KME host implements it over Kx (HTTPS with
/// mutual TLS, the peer's <see cref="KeyRelay.ReceiveAsync"/> and <see cref="KeyRelay.ReceivePadsAsync"/> at the
/// far end); tests over memory, with faults. Carries no key bytes in the clear: a hop is sealed, a pad batch names
/// store keys only. Implementations must be thread-safe and bound every call by their own deadline.
/// </summary>
public interface IRelayHopTransport
{
    /// <summary>
    /// Sends one sealed hop (<see cref="RelayMessageCodec"/>) to <paramref name="peer"/> over <paramref name="link"/>;
    /// <paramref name="hopsAhead"/> hops still follow it to the destination (0 on the last hop), so a transport can
    /// wait longer for the answer of an early hop. Returns what the path answered, or why there is no answer.
    /// </summary>
    Task<RelayHopReply> SendAsync(KmeId peer, LinkId link, byte[] message, int hopsAhead, CancellationToken cancellationToken);

    /// <summary>
    /// Asks <paramref name="peer"/> to import the batch of pads this node reserved (<paramref name="pads"/>, each
    /// <paramref name="padBytes"/> bytes) on <paramref name="link"/>; returns how many pads the peer now holds, or why none.
    /// </summary>
    Task<Result<int>> ProvisionPadsAsync(KmeId peer, LinkId link, int padBytes, ReservationDescriptor pads, CancellationToken cancellationToken);
}
