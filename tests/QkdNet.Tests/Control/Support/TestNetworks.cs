using QkdNet.Control.Routing;
using QkdNet.Control.Topology;
using QkdNet.KeyManagement;

namespace QkdNet.Tests.Control.Support;

/// <summary>Small hand-made and seeded random networks for routing tests.</summary>
internal static class TestNetworks
{
    public static KmeId Node(int i) => KmeId.Create($"n{i}");

    public static LinkId Link(int a, int b) => LinkId.Create($"l{a}-{b}");

    public static NetworkTopology Build(int nodeCount, IEnumerable<(int A, int B)> edges) =>
        NetworkTopology.Create(
            "test",
            [.. Enumerable.Range(0, nodeCount).Select(i => new TopologyNode(Node(i), $"n{i}"))],
            [.. edges.Select(e => new TopologyLink(Link(e.A, e.B), Node(e.A), Node(e.B), LinkPhysics.Fibre("gys", 10).Value))],
            []).Value;

    /// <summary>A G(n, p) random graph with random link states, from <paramref name="seed"/>.</summary>
    public static (NetworkTopology Topology, LinkState[] States) Random(int nodeCount, double edgeProbability, int seed)
    {
        var random = new Random(seed);
        var edges = new List<(int, int)>();
        for (int a = 0; a < nodeCount; a++)
        {
            for (int b = a + 1; b < nodeCount; b++)
            {
                if (random.NextDouble() < edgeProbability)
                {
                    edges.Add((a, b));
                }
            }
        }

        NetworkTopology topology = Build(nodeCount, edges);
        LinkState[] states = [.. edges.Select(e => new LinkState(
            Link(e.Item1, e.Item2), random.NextDouble(), 100 + (random.NextDouble() * 10_000), random.NextDouble() < 0.1))];
        return (topology, states);
    }
}
