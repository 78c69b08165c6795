using System.Globalization;
using QkdNet.KeyManagement;

namespace QkdNet.Control.Topology;

/// <summary>
/// Generates a mesh-like wide-area QKD network, deterministically from a seed: nodes scattered over
/// a region, a spanning tree of nearest connections (so every node is reachable), then extra links
/// to near neighbours up to a target degree, skipping spans longer than a QKD link reaches.
/// </summary>
/// <remarks>
/// The shape follows the trusted-node backbones of real wide-area deployments (e.g. the Beijing-Shanghai
/// backbone and Toshiba's UK network): links of a few tens of km, 2-4 links per node. Fibre length is the
/// straight-line distance times a routing factor of 1.25 (fibre follows roads and ducts). The
/// <see cref="Random"/> here is seeded on purpose: reproducible test and simulation input, no secrets.
/// </remarks>
public static class WideAreaTopologyGenerator
{
    /// <summary>Fibre length over straight-line distance.</summary>
    public const double FibreRoutingFactor = 1.25;

    /// <summary>Generates the network.</summary>
    /// <param name="nodeCount">Trusted nodes (2 to 10,000).</param>
    /// <param name="seed">Seed of the layout; the same seed gives the same network.</param>
    /// <param name="widthKm">Region width in km.</param>
    /// <param name="heightKm">Region height in km.</param>
    /// <param name="targetDegree">Links per node to aim for (at least 1).</param>
    /// <param name="maxLinkKm">Longest extra link in km of fibre (spanning-tree links may exceed it).</param>
    /// <param name="saesPerNode">SAEs homed at each node.</param>
    public static NetworkTopology Generate(int nodeCount, int seed, double widthKm = 800, double heightKm = 500,
        int targetDegree = 3, double maxLinkKm = 120, int saesPerNode = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodeCount, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nodeCount, 10_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetDegree, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(saesPerNode);
        var layoutRandom = new Random(seed);
        var xs = new double[nodeCount];
        var ys = new double[nodeCount];
        var nodes = new List<TopologyNode>(nodeCount);
        for (int i = 0; i < nodeCount; i++)
        {
            xs[i] = Math.Round(layoutRandom.NextDouble() * widthKm, 1);
            ys[i] = Math.Round(layoutRandom.NextDouble() * heightKm, 1);
            nodes.Add(new TopologyNode(NodeId(i), $"Node {i:D3}", $"grid {xs[i]:0.0} km E, {ys[i]:0.0} km N"));
        }

        double Km(int a, int b) => Math.Round(Math.Sqrt(((xs[a] - xs[b]) * (xs[a] - xs[b])) + ((ys[a] - ys[b]) * (ys[a] - ys[b]))) * FibreRoutingFactor, 1);
        var edges = new SortedSet<(int A, int B)>();
        var degree = new int[nodeCount];
        void Connect(int a, int b)
        {
            if (edges.Add((Math.Min(a, b), Math.Max(a, b))))
            {
                degree[a]++;
                degree[b]++;
            }
        }

        // Prim's spanning tree on distance: every node joins the nearest node already connected.
        var inTree = new bool[nodeCount];
        var best = new double[nodeCount];
        var parent = new int[nodeCount];
        Array.Fill(best, double.PositiveInfinity);
        best[0] = 0;
        for (int step = 0; step < nodeCount; step++)
        {
            int u = -1;
            for (int v = 0; v < nodeCount; v++)
            {
                if (!inTree[v] && (u < 0 || best[v] < best[u]))
                {
                    u = v;
                }
            }

            inTree[u] = true;
            if (step > 0)
            {
                Connect(parent[u], u);
            }

            for (int v = 0; v < nodeCount; v++)
            {
                if (!inTree[v] && Km(u, v) < best[v])
                {
                    best[v] = Km(u, v);
                    parent[v] = u;
                }
            }
        }

        // Mesh: each node links to its nearest neighbours until it has targetDegree links.
        for (int u = 0; u < nodeCount; u++)
        {
            foreach (int v in Enumerable.Range(0, nodeCount).Where(v => v != u).OrderBy(v => Km(u, v)).ThenBy(v => v))
            {
                if (degree[u] >= targetDegree || Km(u, v) > maxLinkKm)
                {
                    break;
                }

                if (degree[v] < targetDegree + 1)
                {
                    Connect(u, v);
                }
            }
        }

        var links = edges.Select(e => new TopologyLink(
            LinkId.Create($"L{e.A:D3}-{e.B:D3}"), NodeId(e.A), NodeId(e.B),
            LinkPhysics.Fibre("gys", Km(e.A, e.B)).Value)).ToList();
        var saes = new List<TopologySae>(nodeCount * saesPerNode);
        for (int i = 0; i < nodeCount; i++)
        {
            for (int s = 0; s < saesPerNode; s++)
            {
                saes.Add(new TopologySae(SaeId.Create(string.Create(CultureInfo.InvariantCulture, $"sae-{i:D3}-{s}")), NodeId(i)));
            }
        }

        return NetworkTopology.Create($"Wide-area network ({nodeCount} nodes, seed {seed})", nodes, links, saes).Value;
    }

    private static KmeId NodeId(int i) => KmeId.Create(string.Create(CultureInfo.InvariantCulture, $"N{i:D3}"));
}
