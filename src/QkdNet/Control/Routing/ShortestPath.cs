using QkdNet.KeyManagement;

namespace QkdNet.Control.Routing;

/// <summary>Dijkstra's algorithm on a <see cref="RoutingGraph"/> (Dijkstra, Numer. Math. 1, 269 (1959)).</summary>
internal static class ShortestPath
{
    public static Result<Route> Find(RoutingGraph graph, int source, int target)
    {
        Search search = Run(graph, source, target);
        return search.RouteTo(graph, target);
    }

    /// <summary>
    /// Runs Dijkstra from <paramref name="source"/>; stops once <paramref name="target"/> is settled, or settles
    /// every node when it is -1. A settled node's distance and predecessor never change afterwards, so a full
    /// search gives every target the same route an early-stopping one would.
    /// </summary>
    public static Search Run(RoutingGraph graph, int source, int target)
    {
        int n = graph.Nodes.Length;
        var dist = new double[n];
        var prevNode = new int[n];
        var prevLink = new LinkId[n];
        Array.Fill(dist, double.PositiveInfinity);
        Array.Fill(prevNode, -1);
        dist[source] = 0;
        // Ties on distance are broken by node index, so equal-cost networks route the same way every time.
        var queue = new PriorityQueue<int, (double, int)>();
        queue.Enqueue(source, (0, source));
        while (queue.TryDequeue(out int u, out (double Dist, int) key))
        {
            if (key.Dist > dist[u])
            {
                continue; // a stale entry
            }

            if (u == target)
            {
                break;
            }

            foreach (RoutingGraph.Edge e in graph.Adjacency[u])
            {
                double d = dist[u] + e.Weight;
                if (d < dist[e.To])
                {
                    dist[e.To] = d;
                    prevNode[e.To] = u;
                    prevLink[e.To] = e.Link;
                    queue.Enqueue(e.To, (d, e.To));
                }
            }
        }

        return new Search(source, dist, prevNode, prevLink);
    }

    /// <summary>The distances and predecessors of one search.</summary>
    internal sealed class Search(int source, double[] dist, int[] prevNode, LinkId[] prevLink)
    {
        public int Source { get; } = source;

        /// <summary>
        /// Appends the links of the route to <paramref name="target"/>, origin first, to <paramref name="links"/>
        /// without building a <see cref="Route"/>; false (nothing appended) when it is unreachable.
        /// </summary>
        public bool AppendLinks(int target, List<LinkId> links)
        {
            if (double.IsPositiveInfinity(dist[target]))
            {
                return false;
            }

            int start = links.Count;
            for (int v = target; v != Source; v = prevNode[v])
            {
                links.Add(prevLink[v]);
            }

            links.Reverse(start, links.Count - start);
            return true;
        }

        /// <summary>The route to <paramref name="target"/>, which the search must have settled (or found unreachable).</summary>
        public Result<Route> RouteTo(RoutingGraph graph, int target)
        {
            if (double.IsPositiveInfinity(dist[target]))
            {
                return Result<Route>.Fail($"no path from '{graph.Nodes[Source]}' to '{graph.Nodes[target]}' over links that are not quarantined.");
            }

            var nodes = new List<KmeId>();
            var links = new List<LinkId>();
            for (int v = target; v != Source; v = prevNode[v])
            {
                nodes.Add(graph.Nodes[v]);
                links.Add(prevLink[v]);
            }

            nodes.Add(graph.Nodes[Source]);
            nodes.Reverse();
            links.Reverse();
            return new Route(nodes, links, dist[target]);
        }
    }
}
