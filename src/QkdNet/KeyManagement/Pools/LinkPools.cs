namespace QkdNet.KeyManagement.Pools;

/// <summary>
/// Each QKD link feeds two pools in the store, one per direction: <see cref="PoolId"/> <c>{link}.{owner}</c> holds the blocks the
/// KME <c>owner</c> reserves from when it is master. Both nodes keep both pools (same block IDs, same bytes),
/// so the slave imports from the master's pool. Splitting the blocks this way means two masters at the two
/// ends never pick the same bytes (see <see cref="IKeyStore"/>), and no lock spans the two nodes.
/// </summary>
public static class LinkPools
{
    /// <summary>The pool <paramref name="owner"/> reserves from on <paramref name="link"/> (configuration has checked its length).</summary>
    public static PoolId PoolOf(LinkId link, KmeId owner) => PoolId.Create(link, owner);

    /// <summary>Both pools of a link; false when an ID would break the identifier length.</summary>
    public static bool TryCreate(LinkId link, KmeId a, KmeId b, out (PoolId A, PoolId B) pools)
    {
        if (PoolId.TryCreate(link, a, out PoolId pa) && PoolId.TryCreate(link, b, out PoolId pb))
        {
            pools = (pa, pb);
            return true;
        }

        pools = default;
        return false;
    }

    /// <summary>Which end of a link runs the link source and hands the peer its copy: the lower KME ID (ordinal).</summary>
    public static bool RunsSource(KmeId self, KmeId peer) => string.CompareOrdinal(self.Value, peer.Value) < 0;
}
