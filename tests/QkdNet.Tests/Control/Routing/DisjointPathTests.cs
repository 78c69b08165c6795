using QkdNet.Control.Routing;
using QkdNet.Control.Topology;
using QkdNet.KeyManagement;
using QkdNet.Tests.Control.Support;

namespace QkdNet.Tests.Control.Routing;

public sealed class DisjointPathTests
{
    [Fact]
    public void FindDisjointRoutes_TokyoOtemachiToHakusan_DirectAndViaHongo()
    {
        var table = new RoutingTable(ExampleTopologies.Tokyo());

        MultipathRoute m = table.FindDisjointRoutes(KmeId.Create("otemachi"), KmeId.Create("hakusan"), 2).Value;

        Assert.Equal(["otemachi", "hakusan"], m.Paths[0].Nodes.Select(n => n.Value));
        Assert.Equal(["otemachi", "hongo", "hakusan"], m.Paths[1].Nodes.Select(n => n.Value));
        Assert.Equal(3 * 256, m.KeyCostBits(256));
    }

    [Fact]
    public void FindDisjointRoutes_TokyoFromKoganei_FailsBecauseOtemachiIsACutNode()
    {
        var table = new RoutingTable(ExampleTopologies.Tokyo());

        Result<MultipathRoute> r = table.FindDisjointRoutes(KmeId.Create("koganei"), KmeId.Create("hakusan"), 2);

        Assert.False(r.IsSuccess);
        Assert.StartsWith("only 1 node-disjoint path(s)", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void FindDisjointRoutes_TrapTopology_FindsPairThatGreedyShortestPathMisses()
    {
        // The classic trap: the shortest path 0-1-2-3 blocks every second path, yet 0-1-3 and 0-2-3 are disjoint.
        NetworkTopology t = TestNetworks.Build(4, [(0, 1), (1, 2), (2, 3), (1, 3), (0, 2)]);
        var table = new RoutingTable(t);
        table.Update(
            new LinkState(TestNetworks.Link(0, 1), 1, 1e9, false),
            new LinkState(TestNetworks.Link(1, 2), 1, 1e9, false),
            new LinkState(TestNetworks.Link(2, 3), 1, 1e9, false),
            new LinkState(TestNetworks.Link(1, 3), 0.2, 1e9, false),
            new LinkState(TestNetworks.Link(0, 2), 0.2, 1e9, false));
        Assert.Equal(3, table.FindRoute(TestNetworks.Node(0), TestNetworks.Node(3)).Value.Hops);

        MultipathRoute m = table.FindDisjointRoutes(TestNetworks.Node(0), TestNetworks.Node(3), 2).Value;

        Assert.Equal(2, m.Paths.Count);
        AssertDisjoint(m);
    }

    [Fact]
    public void FindDisjointRoutes_RandomGraphs_AgreeWithBruteForce()
    {
        for (int seed = 0; seed < 60; seed++)
        {
            (NetworkTopology t, LinkState[] states) = TestNetworks.Random(6 + (seed % 3), 0.5, seed);
            NetworkSnapshot snapshot = NetworkSnapshot.Initial(t).With(states).Value;
            var random = new Random(seed);
            int s = random.Next(t.Nodes.Count);
            int d = (s + 1 + random.Next(t.Nodes.Count - 1)) % t.Nodes.Count;
            for (int k = 1; k <= 3; k++)
            {
                Result<MultipathRoute> found = snapshot.FindDisjointRoutes(t.Nodes[s].Id, t.Nodes[d].Id, k);
                double? best = BruteForceDisjoint.MinimumTotalCost(snapshot, t.Nodes[s].Id, t.Nodes[d].Id, k);
                Assert.True(found.IsSuccess == best.HasValue, $"seed {seed}, k {k}: {found.Error}");
                if (best is double cost)
                {
                    AssertDisjoint(found.Value);
                    Assert.Equal(k, found.Value.Paths.Count);
                    Assert.Equal(cost, found.Value.TotalCost, 9);
                    Assert.All(found.Value.Paths, p => Assert.All(p.Links, l => Assert.False(snapshot.LinkStates[l].Quarantined)));
                }
            }
        }
    }

    [Fact]
    public void FindDisjointRoutes_WideArea_IsDeterministicAndDisjoint()
    {
        NetworkTopology wide = WideAreaTopologyGenerator.Generate(ExampleTopologies.WideAreaNodes, ExampleTopologies.WideAreaSeed);
        var random = new Random(5);
        for (int i = 0; i < 20; i++)
        {
            KmeId a = wide.Nodes[random.Next(wide.Nodes.Count)].Id;
            KmeId b = wide.Nodes[random.Next(wide.Nodes.Count)].Id;
            if (a == b)
            {
                continue;
            }

            Result<MultipathRoute> first = new RoutingTable(wide).FindDisjointRoutes(a, b, 2);
            Result<MultipathRoute> second = new RoutingTable(wide).FindDisjointRoutes(a, b, 2);
            Assert.Equal(first.IsSuccess, second.IsSuccess);
            if (first.IsSuccess)
            {
                AssertDisjoint(first.Value);
                Assert.Equal(first.Value.Paths.Select(p => string.Join(',', p.Nodes)), second.Value.Paths.Select(p => string.Join(',', p.Nodes)));
            }
        }
    }

    private static void AssertDisjoint(MultipathRoute m)
    {
        var intermediates = new HashSet<KmeId>();
        var links = new HashSet<LinkId>();
        foreach (Route p in m.Paths)
        {
            Assert.Equal(p.Nodes.Count, p.Nodes.Distinct().Count());
            Assert.All(p.IntermediateNodes, n => Assert.True(intermediates.Add(n), $"node {n} shared"));
            Assert.All(p.Links, l => Assert.True(links.Add(l), $"link {l} shared"));
        }
    }
}
