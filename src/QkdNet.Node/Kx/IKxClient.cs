using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;

namespace QkdNet.Node.Kx;

/// <summary>The calling side of Kx, the KME-to-KME channel (HTTPS with mutual TLS). Thread-safe.</summary>
public interface IKxClient
{
    /// <summary>
    /// Asks <paramref name="peer"/> to import <paramref name="reservation"/> durably. Null when it did;
    /// otherwise why not (the peer's answer or the transport failure), never key bytes.
    /// </summary>
    Task<string?> ImportAsync(KmeId peer, ReservationDescriptor reservation, CancellationToken cancellationToken);

    /// <summary>
    /// Asks <paramref name="peer"/> whether it could import a reservation now (its store initialised and unsealed),
    /// naming no key and moving no material. Null when it could; otherwise why not (its answer or the transport failure).
    /// </summary>
    Task<string?> ReadinessAsync(KmeId peer, CancellationToken cancellationToken);

    /// <summary>
    /// Hands <paramref name="peer"/> its copy of a link block for pool <paramref name="pool"/>: stored when the peer
    /// holds it durably (now or from an earlier try); see <see cref="KxBlockOutcome"/>.
    /// </summary>
    Task<KxBlockOutcome> SendBlockAsync(KmeId peer, PoolId pool, BlockId block, ReadOnlyMemory<byte> material, CancellationToken cancellationToken);

    /// <summary>
    /// Tells <paramref name="peer"/> the key IDs of a batch this node took from its QKD device (an <c>etsi014</c> link),
    /// so the peer fetches the same keys from its own device and stores them as block <paramref name="block"/> of
    /// <paramref name="pool"/>; see <see cref="KxBlockOutcome"/>. No key bytes cross.
    /// </summary>
    Task<KxBlockOutcome> AnnounceDeviceBlockAsync(KmeId peer, PoolId pool, BlockId block, IReadOnlyList<KeyId> keyIds, int keySizeBits, CancellationToken cancellationToken);
}

/// <summary>What became of a block sent to the peer.</summary>
public enum KxBlockOutcome
{
    /// <summary>The peer holds it durably.</summary>
    Stored = 0,

    /// <summary>The peer refused it for good (pool full, unknown pool): drop the block at both ends.</summary>
    Refused,

    /// <summary>No answer (peer down, sealed, timeout): try again later.</summary>
    Unreachable,
}
