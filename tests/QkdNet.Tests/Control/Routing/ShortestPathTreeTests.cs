using QkdNet.Control.Routing;
using QkdNet.Control.Topology;
using QkdNet.KeyManagement;

namespace QkdNet.Tests.Control.Routing;

public sealed class ShortestPathTreeTests
{
    [Fact]
    public void RoutesFrom_GivesEveryDestinationTheRouteFindRouteGives()
    {
        NetworkTopology topology = WideAreaTopologyGenerator.Generate(60, seed: 5);
        NetworkSnapshot snapshot = NetworkSnapshot.Initial(topology);
        // Uneven pools, so the key-aware weights differ from link to link.
        snapshot = snapshot.With(topology.Links.Select((l, i) => snapshot.LinkStates[l.Id] with { PoolFraction = 0.05 + (i % 7 / 7.0) })).Value;
        KmeId origin = topology.Nodes[0].Id;

        ShortestPathTree tree = snapshot.RoutesFrom(origin).Value;

        foreach (TopologyNode node in topology.Nodes.Skip(1))
        {
            Route expected = snapshot.FindRoute(origin, node.Id).Value;
            Route actual = tree.RouteTo(node.Id).Value;
            Assert.Equal(expected.Nodes, actual.Nodes);
            Assert.Equal(expected.Links, actual.Links);
            Assert.Equal(expected.Cost, actual.Cost);
        }
    }

    [Fact]
    public void TryAppendLinksTo_AppendsTheLinksRouteToGives_AfterWhatTheListHeld()
    {
        NetworkTopology topology = WideAreaTopologyGenerator.Generate(60, seed: 5);
        NetworkSnapshot snapshot = NetworkSnapshot.Initial(topology);
        snapshot = snapshot.With(topology.Links.Select((l, i) => snapshot.LinkStates[l.Id] with { PoolFraction = 0.05 + (i % 7 / 7.0) })).Value;
        ShortestPathTree tree = snapshot.RoutesFrom(topology.Nodes[0].Id).Value;
        LinkId marker = topology.Links[0].Id;

        foreach (TopologyNode node in topology.Nodes.Skip(1))
        {
            var links = new List<LinkId> { marker };
            Assert.True(tree.TryAppendLinksTo(node.Id, links));
            Assert.Equal([marker, .. tree.RouteTo(node.Id).Value.Links], links);
        }
    }

    [Fact]
    public void TryAppendLinksTo_TheOriginAnUnknownOrAnUnreachableNode_AppendsNothing()
    {
        NetworkTopology topology = TopologyJsonReader.Parse("""
            { "name": "t", "nodes": [ { "id": "a" }, { "id": "b" }, { "id": "c" } ],
              "links": [ { "id": "ab", "a": "a", "b": "b", "fibreKm": 5 }, { "id": "bc", "a": "b", "b": "c", "fibreKm": 5 } ] }
            """).Value;
        NetworkSnapshot snapshot = NetworkSnapshot.Initial(topology);
        snapshot = snapshot.With(snapshot.LinkStates[LinkId.Create("bc")] with { Quarantined = true }).Value;
        ShortestPathTree tree = snapshot.RoutesFrom(KmeId.Create("a")).Value;
        var links = new List<LinkId>();

        Assert.False(tree.TryAppendLinksTo(KmeId.Create("a"), links));
        Assert.False(tree.TryAppendLinksTo(KmeId.Create("nowhere"), links));
        Assert.False(tree.TryAppendLinksTo(KmeId.Create("c"), links));
        Assert.Empty(links);
        Assert.True(tree.TryAppendLinksTo(KmeId.Create("b"), links));
        Assert.Equal([LinkId.Create("ab")], links);
    }

    [Fact]
    public void RouteTo_TheOriginOrAnUnknownNode_Fails()
    {
        NetworkTopology topology = WideAreaTopologyGenerator.Generate(10, seed: 5);
        ShortestPathTree tree = NetworkSnapshot.Initial(topology).RoutesFrom(topology.Nodes[0].Id).Value;

        Assert.False(tree.RouteTo(topology.Nodes[0].Id).IsSuccess);
        Assert.Equal("unknown node 'nowhere'.", tree.RouteTo(KmeId.Create("nowhere")).Error);
        Assert.False(NetworkSnapshot.Initial(topology).RoutesFrom(KmeId.Create("nowhere")).IsSuccess);
    }

    [Fact]
    public void RouteTo_ANodeBehindQuarantinedLinks_FailsNamingBothEnds()
    {
        NetworkTopology topology = TopologyJsonReader.Parse("""
            { "name": "t", "nodes": [ { "id": "a" }, { "id": "b" }, { "id": "c" } ],
              "links": [ { "id": "ab", "a": "a", "b": "b", "fibreKm": 5 }, { "id": "bc", "a": "b", "b": "c", "fibreKm": 5 } ] }
            """).Value;
        NetworkSnapshot snapshot = NetworkSnapshot.Initial(topology);
        snapshot = snapshot.With(snapshot.LinkStates[LinkId.Create("bc")] with { Quarantined = true }).Value;

        Result<Route> route = snapshot.RoutesFrom(KmeId.Create("a")).Value.RouteTo(KmeId.Create("c"));

        Assert.Equal("no path from 'a' to 'c' over links that are not quarantined.", route.Error);
    }
}
