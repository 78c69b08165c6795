using QkdNet.Control.Routing;
using QkdNet.Control.Topology;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Relay;
using QkdNet.Node.Configuration;

namespace QkdNet.Node.Relay;

/// <summary>
/// What the rest of the host sees of key relay: the library's <see cref="KeyRelay"/>, the routing table it relays over
/// (link states from the controller are applied to it) and where the network homes each SAE. Holds no relay logic.
/// </summary>
/// <param name="keys">The relay.</param>
/// <param name="routes">The routing table behind the relay's route source.</param>
/// <param name="settings">The node's settings (with a network section).</param>
public sealed class NodeRelay(KeyRelay keys, RoutingTable routes, NodeSettings settings)
{
    private readonly NetworkTopology _topology = settings.Network?.Topology ?? throw new ArgumentException("The node has no network section.", nameof(settings));

    /// <summary>The relay.</summary>
    public KeyRelay Keys { get; } = keys;

    /// <summary>The routes this node relays over; link states (quarantine, pool, rate) are applied to it as they are learnt.</summary>
    public RoutingTable Routes { get; } = routes;

    /// <summary>The KME that serves <paramref name="sae"/>, when the topology homes it at another node than this one.</summary>
    public bool TryGetRemoteHome(SaeId sae, out KmeId home)
    {
        home = default;
        if (!_topology.TryGetSae(sae, out TopologySae entry) || entry.Home == settings.KmeId)
        {
            return false;
        }

        home = entry.Home;
        return true;
    }

    /// <summary>The library's relay options for the node of <paramref name="settings"/> (which must have a network section).</summary>
    public static KeyRelayOptions Options(NodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        NetworkSettings network = settings.Network ?? throw new ArgumentException("The node has no network section.", nameof(settings));
        return new KeyRelayOptions
        {
            Self = settings.KmeId,
            Neighbours = settings.Links.ToDictionary(l => l.Peer, l => l.Id),
            LocalSaes = settings.Saes.Select(s => s.Id).ToHashSet(),
            Paths = network.Paths,
            Timeout = network.Timeout,
            KeyLifetime = settings.Store.ReservationLifetime,
            MaxSlavesPerKey = settings.Store.MaxSaeIdCount + 1,
            DefaultKeySizeBits = settings.Store.Pool.KeySizeBits,
        };
    }
}
