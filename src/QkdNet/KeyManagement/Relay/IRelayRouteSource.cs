namespace QkdNet.KeyManagement.Relay;

/// <summary>
/// Where a relay's paths come from: the control layer's key-aware routing implements it (its routing table, updated
/// with link states as they are learnt); a test over a fixed table. Implementations must be thread-safe.
/// </summary>
public interface IRelayRouteSource
{
    /// <summary>
    /// <paramref name="count"/> node-disjoint paths from <paramref name="from"/> to <paramref name="to"/> (one path when
    /// <paramref name="count"/> is 1), on one consistent view of the network; or why there are none, naming the
    /// destination (an expected outcome: a quarantined or missing link).
    /// </summary>
    Result<IReadOnlyList<RelayPath>> FindPaths(KmeId from, KmeId to, int count);
}
