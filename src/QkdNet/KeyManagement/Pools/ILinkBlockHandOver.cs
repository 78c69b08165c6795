using QkdNet.Quantum;

namespace QkdNet.KeyManagement.Pools;

/// <summary>
/// How the end of a link that runs its source has the other end store its copy of a block: the KME host implements it
/// over Kx (the peer's copy in bytes for a simulated link, the key IDs of a device batch for a QKD device); tests over
/// memory. Thread-safe for one feeder.
/// </summary>
public interface ILinkBlockHandOver
{
    /// <summary>
    /// Has the peer store <paramref name="peersCopy"/> as block <paramref name="block"/> of <paramref name="pool"/>
    /// durably; stored also when it already held it from an earlier try.
    /// </summary>
    Task<BlockHandOverOutcome> HandOverAsync(PoolId pool, BlockId block, SecretKeyBlock peersCopy, CancellationToken cancellationToken);
}

/// <summary>What became of a block handed to the peer.</summary>
public enum BlockHandOverOutcome
{
    /// <summary>The peer holds it durably.</summary>
    Stored = 0,

    /// <summary>The peer refused it for good (pool full, unknown pool): drop the block at both ends.</summary>
    Refused,

    /// <summary>No answer (peer down, sealed, timeout): try again later.</summary>
    Unreachable,
}
