using QkdNet.Control.Topology;
using QkdNet.KeyManagement;

namespace QkdNet.Control.Routing;

/// <summary>
/// The undirected weighted graph of one snapshot: node indices in topology order, and for each node its
/// usable (not quarantined) links in topology order, which makes every search deterministic.
/// </summary>
internal sealed class RoutingGraph
{
    private readonly Dictionary<KmeId, int> _index;

    public RoutingGraph(NetworkTopology topology, IReadOnlyDictionary<LinkId, LinkState> states, RoutingWeights weights)
    {
        Nodes = [.. topology.Nodes.Select(n => n.Id)];
        _index = new Dictionary<KmeId, int>(Nodes.Length);
        for (int i = 0; i < Nodes.Length; i++)
        {
            _index[Nodes[i]] = i;
        }

        var edges = new List<Edge>[Nodes.Length];
        for (int i = 0; i < edges.Length; i++)
        {
            edges[i] = [];
        }

        foreach (TopologyLink link in topology.Links)
        {
            LinkState state = states[link.Id];
            if (state.Quarantined)
            {
                continue;
            }

            double w = weights.WeightOf(state);
            int a = _index[link.A];
            int b = _index[link.B];
            edges[a].Add(new Edge(b, link.Id, w));
            edges[b].Add(new Edge(a, link.Id, w));
        }

        Adjacency = [.. edges.Select(e => e.ToArray())];
    }

    public KmeId[] Nodes { get; }

    public Edge[][] Adjacency { get; }

    public bool TryIndex(KmeId node, out int index) => _index.TryGetValue(node, out index);

    /// <summary>One direction of a usable link.</summary>
    internal readonly record struct Edge(int To, LinkId Link, double Weight);
}
