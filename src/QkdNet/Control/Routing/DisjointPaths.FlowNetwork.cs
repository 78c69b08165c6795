using QkdNet.KeyManagement;

namespace QkdNet.Control.Routing;

/// <summary>The residual network of the node-split graph, with augmentation and path decomposition.</summary>
internal static partial class DisjointPaths
{
    private sealed class FlowNetwork
    {
        private readonly RoutingGraph _graph;
        private readonly int _sink;
        private readonly int _start;
        private readonly List<Arc>[] _arcs;
        private readonly double[] _potential;

        public FlowNetwork(RoutingGraph graph, int source, int target)
        {
            _graph = graph;
            int n = graph.Nodes.Length;
            _arcs = new List<Arc>[2 * n];
            for (int i = 0; i < _arcs.Length; i++)
            {
                _arcs[i] = [];
            }

            _potential = new double[2 * n];
            _start = Out(source);
            _sink = In(target);
            for (int v = 0; v < n; v++)
            {
                AddArc(In(v), Out(v), 0, default, isLink: false);
            }

            for (int u = 0; u < n; u++)
            {
                foreach (RoutingGraph.Edge e in graph.Adjacency[u])
                {
                    AddArc(Out(u), In(e.To), e.Weight, e.Link, isLink: true); // each direction once per adjacency entry
                }
            }
        }

        /// <summary>Sends one more unit along a least reduced-cost path; false when none is left.</summary>
        public bool Augment()
        {
            int m = _arcs.Length;
            var dist = new double[m];
            var prev = new (int Node, int Arc)[m];
            Array.Fill(dist, double.PositiveInfinity);
            dist[_start] = 0;
            var queue = new PriorityQueue<int, (double, int)>();
            queue.Enqueue(_start, (0, _start));
            while (queue.TryDequeue(out int u, out (double Dist, int) key))
            {
                if (key.Dist > dist[u])
                {
                    continue;
                }

                for (int i = 0; i < _arcs[u].Count; i++)
                {
                    Arc a = _arcs[u][i];
                    if (a.Capacity == 0)
                    {
                        continue;
                    }

                    // Rounding can leave a reduced cost a hair below zero; clamp so Dijkstra's invariant holds.
                    double d = dist[u] + Math.Max(0, a.Cost + _potential[u] - _potential[a.To]);
                    if (d < dist[a.To])
                    {
                        dist[a.To] = d;
                        prev[a.To] = (u, i);
                        queue.Enqueue(a.To, (d, a.To));
                    }
                }
            }

            if (double.IsPositiveInfinity(dist[_sink]))
            {
                return false;
            }

            for (int v = 0; v < m; v++)
            {
                if (!double.IsPositiveInfinity(dist[v]))
                {
                    _potential[v] += dist[v];
                }
            }

            for (int v = _sink; v != _start; v = prev[v].Node)
            {
                (int u, int i) = prev[v];
                Arc a = _arcs[u][i];
                _arcs[u][i] = a with { Capacity = a.Capacity - 1 };
                Arc back = _arcs[a.To][a.Reverse];
                _arcs[a.To][a.Reverse] = back with { Capacity = back.Capacity + 1 };
            }

            return true;
        }

        /// <summary>Follows the saturated link arcs from the source, once per unit of flow.</summary>
        public List<Route> Decompose(int count)
        {
            var used = new HashSet<(int, int)>();
            var routes = new List<Route>(count);
            for (int p = 0; p < count; p++)
            {
                var nodes = new List<KmeId> { _graph.Nodes[_start / 2] };
                var links = new List<LinkId>();
                double cost = 0;
                int at = _start;
                while (at != _sink)
                {
                    int next = -1;
                    for (int i = 0; i < _arcs[at].Count; i++)
                    {
                        Arc a = _arcs[at][i];
                        if (a.IsLink && a.Capacity == 0 && used.Add((at, i)))
                        {
                            next = a.To;
                            links.Add(a.Link);
                            cost += a.Cost;
                            break;
                        }
                    }

                    nodes.Add(_graph.Nodes[next / 2]);
                    at = next == _sink ? _sink : Out(next / 2);
                }

                routes.Add(new Route(nodes, links, cost));
            }

            return routes;
        }

        private static int In(int v) => 2 * v;

        private static int Out(int v) => (2 * v) + 1;

        private void AddArc(int from, int to, double cost, LinkId link, bool isLink)
        {
            _arcs[from].Add(new Arc(to, 1, cost, link, isLink, _arcs[to].Count));
            _arcs[to].Add(new Arc(from, 0, -cost, link, IsLink: false, _arcs[from].Count - 1));
        }

        private readonly record struct Arc(int To, int Capacity, double Cost, LinkId Link, bool IsLink, int Reverse);
    }
}
