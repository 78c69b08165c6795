using QkdNet.KeyManagement;

namespace QkdNet.Control.Routing;

/// <summary>
/// Every least-weight route out of one node in one <see cref="NetworkSnapshot"/>: one Dijkstra search settles all
/// targets, and each <see cref="RouteTo"/> walks its predecessors. The routes are the ones
/// <see cref="NetworkSnapshot.FindRoute"/> returns. Immutable and thread-safe.
/// </summary>
public sealed class ShortestPathTree
{
    private readonly RoutingGraph _graph;
    private readonly ShortestPath.Search _search;

    internal ShortestPathTree(RoutingGraph graph, int source)
    {
        _graph = graph;
        _search = ShortestPath.Run(graph, source, target: -1);
    }

    /// <summary>The origin of every route.</summary>
    public KmeId Source => _graph.Nodes[_search.Source];

    /// <summary>
    /// Appends the links of <see cref="RouteTo"/>'s route, origin first, to <paramref name="links"/> without building
    /// a <see cref="Route"/> (for callers that ask for many routes, such as the wide-area simulation); false, with
    /// nothing appended, where <see cref="RouteTo"/> fails.
    /// </summary>
    public bool TryAppendLinksTo(KmeId to, List<LinkId> links)
    {
        ArgumentNullException.ThrowIfNull(links);
        return _graph.TryIndex(to, out int t) && t != _search.Source && _search.AppendLinks(t, links);
    }

    /// <summary>The route to <paramref name="to"/>; fails for an unknown or unreachable node or the origin itself.</summary>
    public Result<Route> RouteTo(KmeId to)
    {
        if (!_graph.TryIndex(to, out int t))
        {
            return Result<Route>.Fail($"unknown node '{to}'.");
        }

        return t == _search.Source
            ? Result<Route>.Fail($"origin and destination are the same node '{to}'.")
            : _search.RouteTo(_graph, t);
    }
}
