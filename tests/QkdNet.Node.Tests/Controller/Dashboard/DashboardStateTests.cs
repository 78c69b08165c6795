using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using QkdNet.Control.Health;
using QkdNet.Control.Topology;
using QkdNet.KeyManagement;
using QkdNet.Node.Configuration;
using QkdNet.Node.Controller;
using QkdNet.Node.Controller.Dashboard;
using QkdNet.Node.Tests.Support;
using QkdNet.Quantum;
using QkdNet.Quantum.Simulation;

namespace QkdNet.Node.Tests.Controller.Dashboard;

/// <summary>The dashboard's state without a server: drills only in development mode, history and bounds of what nodes report.</summary>
public sealed class DashboardStateTests
{
    private static readonly NetworkTopology Tokyo = TopologyJsonReader.Load(Path.Combine(Repository.Root, "examples", "topologies", "tokyo-qkd-network.json")).Value;
    private static readonly LinkId Attacked = LinkId.Create("otemachi-hongo");

    private static DashboardState NewState(bool development)
    {
        var settings = new ControllerSettings(Tokyo, new IPEndPoint(IPAddress.Loopback, 1), new TlsSettings("unused.crt", "unused.key", "unused-ca.crt"), LinkHealthOptions.Default)
        {
            Development = development,
        };
        var controller = new ControllerState(settings, TimeProvider.System, NullLogger<ControllerState>.Instance);
        return new DashboardState(controller, TimeProvider.System, NullLogger<DashboardState>.Instance);
    }

    [Fact]
    public void SetDrill_OutsideDevelopmentMode_FailsAndNoNodeIsToldOfIt()
    {
        DashboardState state = NewState(development: false);
        state.RecordActivity(KmeId.Create("hongo"), new NodeReport("hongo", [], SimulatedLinks: [new EavesdropperDto(Attacked.Value, null)]));

        Result<DashboardActionAnswer> result = state.SetDrill(Attacked, Eavesdropper.Parse("intercept-resend:1").Value, "ops");

        Assert.False(result.IsSuccess);
        Assert.Contains("--development", result.Error, StringComparison.Ordinal);
        Assert.Null(state.DrillsFor(KmeId.Create("hongo")));
        Assert.Empty(state.View(DashboardRole.Operator, "ops").Audit);
    }

    [Fact]
    public void SetDrill_InDevelopmentMode_GoesToBothEndsOfTheLinkOnly()
    {
        DashboardState state = NewState(development: true);
        state.RecordActivity(KmeId.Create("hongo"), new NodeReport("hongo", [], SimulatedLinks: [new EavesdropperDto(Attacked.Value, null)]));

        Assert.True(state.SetDrill(Attacked, Eavesdropper.Parse("pns").Value, "ops").IsSuccess);

        Assert.Equal("pns", Assert.Single(state.DrillsFor(KmeId.Create("hongo"))!).Eve);
        Assert.Equal("pns", Assert.Single(state.DrillsFor(KmeId.Create("otemachi"))!).Eve);
        Assert.Null(state.DrillsFor(KmeId.Create("koganei")));
    }

    [Fact]
    public void RecordActivity_KeepsAtMostTenRoutes_AndOnlyTheSaesHomedAtTheReportingNode()
    {
        DashboardState state = NewState(development: false);
        var at = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
        RecentRouteDto[] routes = [.. Enumerable.Range(0, 50).Select(i => new RecentRouteDto(at.AddSeconds(i), "route " + i))];

        state.RecordActivity(KmeId.Create("koganei"), new NodeReport("koganei", [], new RelayActivityDto(0, 50, 0, routes),
            [new SaeUsageDto("sae-koganei-lab", 1, 0, 256), new SaeUsageDto("sae-hongo-hospital", 9, 9, 9)]));
        DashboardView view = state.View(DashboardRole.Viewer, "viewer");

        Assert.Equal([.. Enumerable.Range(40, 10).Select(i => "route " + i)], Assert.Single(view.Relays).RecentRoutes.Select(r => r.Route));
        Assert.Equal("sae-koganei-lab", Assert.Single(view.Saes).Sae);
    }

    [Fact]
    public void RecordActivity_KeepsTheKeysOriginatedOverEachLinkOfTheTopology_AndDropsUnknownLinks()
    {
        DashboardState state = NewState(development: false);
        var over = new Dictionary<string, long> { [Attacked.Value] = 7, ["nowhere"] = 1_000, ["not a link id!"] = 3 };

        state.RecordActivity(KmeId.Create("koganei"), new NodeReport("koganei", [], new RelayActivityDto(0, 9, 0, [], over)));
        DashboardRelays relays = Assert.Single(state.View(DashboardRole.Viewer, "viewer").Relays);

        Assert.Equal(9, relays.Originated);
        Assert.Equal(new Dictionary<string, long> { [Attacked.Value] = 7 }, relays.OriginatedOver);
    }

    [Fact]
    public void LinkSamples_BuildEachLinksHistory_AndBumpTheVersionTheEventsWaitOn()
    {
        DashboardState state = NewState(development: false);
        long before = state.Version;

        state.Controller.Monitor.Record(new LinkHealthSample(Attacked, Qber.Create(0.02), 5000, 500_000, 1_000_000));
        state.Controller.Monitor.Record(new LinkHealthSample(Attacked, Qber.Create(0.25), 0, 400_000, 1_000_000, BlockAborted: true));
        DashboardLink link = state.View(DashboardRole.Viewer, "viewer").Links.Single(l => l.Id == Attacked.Value);

        Assert.True(state.Version > before);
        Assert.Equal([0.02, 0.25], link.History.Select(p => p.Qber!.Value));
        Assert.Equal("quarantined", link.State);
    }
}
