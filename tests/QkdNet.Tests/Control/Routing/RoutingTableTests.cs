using QkdNet.Control.Routing;
using QkdNet.Control.Topology;
using QkdNet.KeyManagement;
using QkdNet.Tests.Control.Support;

namespace QkdNet.Tests.Control.Routing;

public sealed class RoutingTableTests
{
    private static readonly KmeId Koganei = KmeId.Create("koganei");
    private static readonly KmeId Otemachi = KmeId.Create("otemachi");
    private static readonly KmeId Hakusan = KmeId.Create("hakusan");
    private static readonly KmeId Hongo = KmeId.Create("hongo");
    private static readonly LinkId OtemachiHakusan = LinkId.Create("otemachi-hakusan");

    [Fact]
    public void FindRoute_Tokyo_TakesShortestPath()
    {
        var table = new RoutingTable(ExampleTopologies.Tokyo());

        Route route = table.FindRoute(Koganei, Hakusan).Value;

        Assert.Equal([Koganei, Otemachi, Hakusan], route.Nodes);
        Assert.Equal(2, route.Hops);
        Assert.Equal(512, route.KeyCostBits(256));
        Assert.Equal(OtemachiHakusan, route.Links[1]);
    }

    [Fact]
    public void Update_QuarantinedLink_RoutesAroundIt()
    {
        var table = new RoutingTable(ExampleTopologies.Tokyo());
        LinkState state = table.Current.LinkStates[OtemachiHakusan];

        table.Update(state with { Quarantined = true });
        Route route = table.FindRoute(Koganei, Hakusan).Value;

        Assert.Equal([Koganei, Otemachi, Hongo, Hakusan], route.Nodes);
        Assert.DoesNotContain(OtemachiHakusan, route.Links);
    }

    [Fact]
    public void Update_NearlyEmptyPool_SteersRouteAway()
    {
        var table = new RoutingTable(ExampleTopologies.Tokyo());

        table.Update(table.Current.LinkStates[OtemachiHakusan] with { PoolFraction = 0.001 });

        Assert.Equal([Otemachi, Hongo, Hakusan], table.FindRoute(Otemachi, Hakusan).Value.Nodes);
    }

    [Fact]
    public void FindRoute_AllLinksOfNodeQuarantined_ReturnsFailure()
    {
        var table = new RoutingTable(ExampleTopologies.Tokyo());
        table.Update(table.Current.LinkStates.Values.Where(s => s.Link.Value.StartsWith("koganei", StringComparison.Ordinal))
            .Select(s => s with { Quarantined = true }));

        Result<Route> result = table.FindRoute(Koganei, Hongo);

        Assert.False(result.IsSuccess);
        Assert.Contains("no path from 'koganei' to 'hongo'", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nowhere", "hongo", "unknown node 'nowhere'")]
    [InlineData("hongo", "hongo", "same node")]
    public void FindRoute_BadEndpoints_ReturnsFailure(string from, string to, string expected)
    {
        var table = new RoutingTable(ExampleTopologies.Tokyo());

        Result<Route> result = table.FindRoute(KmeId.Create(from), KmeId.Create(to));

        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_RaisesChangedWithNewVersion_AndOldSnapshotIsUnchanged()
    {
        var table = new RoutingTable(ExampleTopologies.Tokyo());
        NetworkSnapshot before = table.Current;
        NetworkSnapshot? seen = null;
        table.Changed += s => seen = s;

        table.Update(before.LinkStates[OtemachiHakusan] with { Quarantined = true });

        Assert.Equal(1, seen!.Version);
        Assert.Same(seen, table.Current);
        Assert.False(before.LinkStates[OtemachiHakusan].Quarantined);
        Assert.Equal([Otemachi, Hakusan], before.FindRoute(Otemachi, Hakusan).Value.Nodes);
    }

    [Fact]
    public void Update_UnknownLink_FailsAndChangesNothing()
    {
        var table = new RoutingTable(ExampleTopologies.Tokyo());

        Result<NetworkSnapshot> result = table.Update(new LinkState(LinkId.Create("nope"), 1, 1, false));

        Assert.False(result.IsSuccess);
        Assert.Equal(0, table.Current.Version);
    }

    [Fact]
    public void FindRoute_SameInput_SameRoute()
    {
        NetworkTopology wide = WideAreaTopologyGenerator.Generate(ExampleTopologies.WideAreaNodes, ExampleTopologies.WideAreaSeed);
        KmeId from = wide.Nodes[0].Id;
        KmeId to = wide.Nodes[^1].Id;

        Route a = new RoutingTable(wide).FindRoute(from, to).Value;
        Route b = new RoutingTable(wide).FindRoute(from, to).Value;

        Assert.Equal(a.Nodes, b.Nodes);
        Assert.Equal(a.Links, b.Links);
        Assert.Equal(a.Cost, b.Cost);
    }

    [Fact]
    public void Weights_EmptyPoolAndStalledLink_AreLargeButFinite()
    {
        double w = RoutingWeights.Default.WeightOf(new LinkState(OtemachiHakusan, 0, 0, false));

        Assert.True(double.IsFinite(w));
        Assert.True(w > 1000);
        Assert.Equal(3, RoutingWeights.Default.WeightOf(new LinkState(OtemachiHakusan, 1, 1000, false)), 12);
    }
}
