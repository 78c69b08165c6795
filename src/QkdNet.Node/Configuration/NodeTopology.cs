using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;

namespace QkdNet.Node.Configuration;

/// <summary>
/// Where every SAE lives and which pool serves a pair of SAEs, from <see cref="NodeSettings"/>. Immutable, thread-safe.
/// </summary>
public sealed class NodeTopology
{
    private readonly HashSet<SaeId> _local;
    private readonly Dictionary<SaeId, PeerSettings> _remote = [];
    private readonly Dictionary<KmeId, LinkSettings> _linkByPeer;

    /// <summary>Indexes <paramref name="settings"/>.</summary>
    public NodeTopology(NodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Self = settings.KmeId;
        _local = [.. settings.Saes.Select(s => s.Id)];
        foreach (PeerSettings peer in settings.Peers)
        {
            foreach (SaeId sae in peer.Saes)
            {
                _remote[sae] = peer;
            }
        }

        _linkByPeer = settings.Links.ToDictionary(l => l.Peer);
        Peers = settings.Peers;
        Links = settings.Links;
        Development = settings.Development;
    }

    /// <summary>Whether the node is marked development: its links may give simulated or synthetic key, which it reports wherever it reports its state.</summary>
    public bool Development { get; }

    /// <summary>This KME.</summary>
    public KmeId Self { get; }

    /// <summary>The neighbouring KMEs.</summary>
    public IReadOnlyList<PeerSettings> Peers { get; }

    /// <summary>The links ending here.</summary>
    public IReadOnlyList<LinkSettings> Links { get; }

    /// <summary>Whether <paramref name="sae"/> is attached here.</summary>
    public bool IsLocal(SaeId sae) => _local.Contains(sae);

    /// <summary>
    /// Where the slave SAE <paramref name="slave"/> fetches keys and which pool serves them: a peer KME over the
    /// link to it, or this KME (slave attached here) from the first link's pool. False when the SAE is unknown
    /// or no link reaches its KME.
    /// </summary>
    public bool TryRoute(SaeId slave, out KeyRoute route)
    {
        if (_local.Contains(slave) && Links.Count > 0)
        {
            route = new KeyRoute(Self, null, LinkPools.PoolOf(Links[0].Id, Self));
            return true;
        }

        if (_remote.TryGetValue(slave, out PeerSettings? peer) && _linkByPeer.TryGetValue(peer.Id, out LinkSettings? link))
        {
            route = new KeyRoute(peer.Id, peer, LinkPools.PoolOf(link.Id, Self));
            return true;
        }

        route = default;
        return false;
    }

    /// <summary>The link to <paramref name="peer"/>, if any.</summary>
    public LinkSettings? LinkTo(KmeId peer) => _linkByPeer.GetValueOrDefault(peer);
}

/// <summary>Where a slave's keys go.</summary>
/// <param name="TargetKme">The slave's KME (this one for a local slave).</param>
/// <param name="Peer">The peer to import the reservation, or null when the slave is local.</param>
/// <param name="Pool">The store pool the master reserves from.</param>
public readonly record struct KeyRoute(KmeId TargetKme, PeerSettings? Peer, PoolId Pool);
