using QkdNet.KeyManagement;

namespace QkdNet.Control.Routing;

/// <summary>
/// The k node-disjoint paths of least total weight between two nodes: Suurballe's algorithm in the
/// form of Suurballe and Tarjan, "A quick method for finding shortest pairs of disjoint paths",
/// Networks 14, 325 (1984), generalised to k paths as successive shortest augmenting paths of a
/// min-cost flow (Bhandari, "Survivable Networks", Kluwer 1999, Ch. 3).
/// </summary>
/// <remarks>
/// Node-disjointness by node splitting: node v becomes v_in -&gt; v_out with capacity 1, each link
/// {u, v} the arcs u_out -&gt; v_in and v_out -&gt; u_in with capacity 1 and cost = weight. A unit of
/// flow from s_out to t_in is a path; k units through capacity-1 node arcs are k paths sharing no
/// intermediate node. Each augmentation runs Dijkstra on reduced costs c(u,v) + pi(u) - pi(v) &gt;= 0
/// (Johnson potentials, Edmonds and Karp, JACM 19, 248 (1972)); after k augmentations the flow has
/// least cost among all k-unit flows, hence the paths have least total weight.
/// </remarks>
internal static partial class DisjointPaths
{
    public static Result<MultipathRoute> Find(RoutingGraph graph, int source, int target, int count)
    {
        var net = new FlowNetwork(graph, source, target);
        int found = 0;
        while (found < count && net.Augment())
        {
            found++;
        }

        if (found < count)
        {
            return Result<MultipathRoute>.Fail(
                $"only {found} node-disjoint path(s) from '{graph.Nodes[source]}' to '{graph.Nodes[target]}' over links that are not quarantined; {count} requested.");
        }

        List<Route> routes = net.Decompose(count);
        routes.Sort(static (x, y) =>
        {
            int c = x.Cost.CompareTo(y.Cost);
            c = c != 0 ? c : x.Hops.CompareTo(y.Hops);
            return c != 0 ? c : string.CompareOrdinal(string.Join(',', x.Nodes), string.Join(',', y.Nodes));
        });
        return new MultipathRoute(routes);
    }
}
