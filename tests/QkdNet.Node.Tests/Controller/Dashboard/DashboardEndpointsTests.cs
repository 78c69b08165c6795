using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using QkdNet.Control.Health;
using QkdNet.Control.Topology;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Node.Configuration;
using QkdNet.Node.Controller;
using QkdNet.Node.Controller.Dashboard;
using QkdNet.Development.Pki;
using QkdNet.Node.Tests.Network;

namespace QkdNet.Node.Tests.Controller.Dashboard;

/// <summary>
/// The dashboard over real HTTPS with mutual TLS on loopback (a controller in this process, development mode): who may
/// read it, who may act, and that a refused request changes nothing.
/// </summary>
public sealed class DashboardEndpointsTests : IAsyncLifetime
{
    private readonly DevelopmentRelayNetwork _net = NetworkIn(RelayNetworkFixture.NewDirectory());

    private WebApplication? _controller;

    private static DevelopmentRelayNetwork NetworkIn(string directory) => DevelopmentRelayNetwork.Create(
        directory, [("AB", "A", "B"), ("BC", "B", "C")],
        new Dictionary<string, IReadOnlyList<string>> { ["A"] = ["sae-a1"], ["B"] = [], ["C"] = ["sae-c1"] }, withController: true,
        pbkdf2Iterations: SealSetup.MinPbkdf2Iterations);

    public async Task InitializeAsync()
    {
        NetworkTopology topology = TopologyJsonReader.Load(_net.Topology).Value;
        var settings = new ControllerSettings(topology, new IPEndPoint(IPAddress.Loopback, _net.ControllerPort),
            new TlsSettings(Path.Combine(_net.Pki, "controller.crt"), Path.Combine(_net.Pki, "controller.key"), Path.Combine(_net.Pki, "ca.crt")),
            new LinkHealthOptions(RecoverySamples: 1))
        {
            Admins = [new AdminSettings(DevelopmentNetwork.Admin, DevelopmentPki.Sha256Of(_net.Pki, DevelopmentNetwork.Admin))],
            Viewers = [new AdminSettings(DevelopmentRelayNetwork.Viewer, DevelopmentPki.Sha256Of(_net.Pki, DevelopmentRelayNetwork.Viewer))],
            Development = true,
        };
        _controller = ControllerHost.Build(settings);
        await _controller.StartAsync();
    }

    [Theory]
    [InlineData("dashboard/", "text/html")]
    [InlineData("dashboard/app.js", "text/javascript")]
    [InlineData("dashboard/app.css", "text/css")]
    public async Task Assets_ForAViewer_AreServedFromTheAssembly_AndLoadNothingFromElsewhere(string path, string type)
    {
        using HttpClient viewer = Client(DevelopmentRelayNetwork.Viewer);

        using HttpResponseMessage response = await viewer.GetAsync(path);
        string body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        foreach (string external in new[] { "src=\"http", "href=\"http", "url(http", "fetch('http", "import " })
        {
            Assert.DoesNotContain(external, body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task State_ForAViewer_HasEveryNodeAndLink_AndSaysReadOnly()
    {
        using HttpClient viewer = Client(DevelopmentRelayNetwork.Viewer);

        JsonElement state = await viewer.GetFromJsonAsync<JsonElement>("dashboard/api/state");

        Assert.Equal(["A", "B", "C"], state.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
        Assert.Equal(["AB", "BC"], state.GetProperty("links").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
        Assert.Equal(("viewer", "viewer"), (state.GetProperty("role").GetString(), state.GetProperty("caller").GetString()));
    }

    [Theory]
    [InlineData(DevelopmentRelayNetwork.Viewer)]
    [InlineData(DevelopmentNetwork.Stranger)]
    [InlineData("A")]
    [InlineData("sae-a1")]
    public async Task Quarantine_ByAnyoneButAnAdmin_Is403_AndChangesNothing(string certificate)
    {
        using HttpClient caller = Client(certificate);

        using HttpResponseMessage response = await caller.SendAsync(Action("dashboard/api/links/AB/quarantine"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertUntouchedAsync();
    }

    [Theory]
    [InlineData(DevelopmentNetwork.Stranger)]
    [InlineData("A")]
    public async Task State_ByACertificateThatIsNeitherViewerNorAdmin_Is403(string certificate)
    {
        using HttpClient caller = Client(certificate);

        using HttpResponseMessage response = await caller.GetAsync("dashboard/api/state");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(EveryRoute))]
    public async Task AnyRoute_WithoutAClientCertificate_Is401_AndChangesNothing(string method, string path)
    {
        using HttpClient anonymous = EtsiClients.Create(_net.ControllerUrl, Path.Combine(_net.Pki, "ca.crt"), null, null, DevelopmentRelayNetwork.ControllerName);

        using HttpResponseMessage response = await anonymous.SendAsync(Request(method, path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("client certificate", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertUntouchedAsync();
    }

    [Theory]
    [MemberData(nameof(EveryRoute))]
    public async Task AnyRoute_WithACertificateOfTheCaHoldingNoRole_Is403_AndChangesNothing(string method, string path)
    {
        using HttpClient stranger = Client(DevelopmentNetwork.Stranger);

        using HttpResponseMessage response = await stranger.SendAsync(Request(method, path));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertUntouchedAsync();
    }

    [Fact]
    public async Task Dashboard_WithACertificateOfAnotherCa_IsRefusedInTheHandshake()
    {
        string other = Path.Combine(Path.GetDirectoryName(_net.Pki)!, "other-ca-" + Guid.NewGuid().ToString("N"));
        DevelopmentPki.Create(other, ["X"], [DevelopmentNetwork.Admin], TimeProvider.System);
        using HttpClient impostor = EtsiClients.Create(_net.ControllerUrl, Path.Combine(_net.Pki, "ca.crt"), Path.Combine(other, DevelopmentNetwork.Admin + ".crt"), Path.Combine(other, DevelopmentNetwork.Admin + ".key"), DevelopmentRelayNetwork.ControllerName);

        await Assert.ThrowsAsync<HttpRequestException>(() => impostor.SendAsync(Action("dashboard/api/links/AB/quarantine")));

        await AssertUntouchedAsync();
    }

    /// <summary>Every route the controller maps (ControllerEndpoints, DashboardEndpoints), with a body a node or an admin could send.</summary>
    public static TheoryData<string, string> EveryRoute() => new()
    {
        { "POST", "controller/v1/reports" },
        { "GET", "controller/v1/health" },
        { "GET", "metrics" },
        { "GET", "dashboard/" },
        { "GET", "dashboard/app.js" },
        { "GET", "dashboard/api/state" },
        { "GET", "dashboard/api/events" },
        { "POST", "dashboard/api/links/AB/quarantine" },
        { "POST", "dashboard/api/links/AB/restore" },
        { "POST", "dashboard/api/links/AB/eavesdropper" },
    };

    private static HttpRequestMessage Request(string method, string path) => method == "GET"
        ? new HttpRequestMessage(HttpMethod.Get, path)
        : path.StartsWith("controller/", StringComparison.Ordinal)
            ? new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new NodeReport("A", [])) }
            : Action(path, path.EndsWith("eavesdropper", StringComparison.Ordinal) ? new { eve = "intercept-resend:1" } : null);

    [Fact]
    public async Task Quarantine_ByAnAdminWithoutThePagesHeader_Is403_AndChangesNothing()
    {
        using HttpClient ops = Client(DevelopmentNetwork.Admin);

        using HttpResponseMessage response = await ops.PostAsync("dashboard/api/links/AB/quarantine", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertUntouchedAsync();
    }

    [Fact]
    public async Task Quarantine_OfAnUnknownLink_Is404()
    {
        using HttpClient ops = Client(DevelopmentNetwork.Admin);

        using HttpResponseMessage response = await ops.SendAsync(Action("dashboard/api/links/nowhere/quarantine"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertUntouchedAsync();
    }

    [Fact]
    public async Task Quarantine_ByAnAdmin_ReachesTheNodesPush_IsAudited_AndRestoreLiftsIt()
    {
        using HttpClient ops = Client(DevelopmentNetwork.Admin);
        using HttpClient nodeA = Client("A");

        using HttpResponseMessage quarantined = await ops.SendAsync(Action("dashboard/api/links/AB/quarantine"));
        JsonElement push = await ReportAsync(nodeA, new NodeReport("A", []));
        JsonElement state = await ops.GetFromJsonAsync<JsonElement>("dashboard/api/state");

        Assert.Equal(HttpStatusCode.OK, quarantined.StatusCode);
        Assert.True(LinkOf(push.GetProperty("links"), "link", "AB").GetProperty("quarantined").GetBoolean());
        JsonElement link = LinkOf(state.GetProperty("links"), "id", "AB");
        Assert.Equal(("quarantined", "ops"), (link.GetProperty("state").GetString(), link.GetProperty("quarantined_by").GetString()));
        JsonElement audit = Assert.Single(state.GetProperty("audit").EnumerateArray());
        Assert.Equal(("ops", "quarantine", "AB"), (audit.GetProperty("operator").GetString(), audit.GetProperty("action").GetString(), audit.GetProperty("link").GetString()));

        using HttpResponseMessage restored = await ops.SendAsync(Action("dashboard/api/links/AB/restore"));
        JsonElement after = await ReportAsync(nodeA, new NodeReport("A", []));

        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.False(LinkOf(after.GetProperty("links"), "link", "AB").GetProperty("quarantined").GetBoolean());
    }

    [Fact]
    public async Task AttackDrill_OnALinkTheNodeReportsSimulated_GoesToTheNodeWithItsNextPush()
    {
        using HttpClient ops = Client(DevelopmentNetwork.Admin);
        using HttpClient nodeA = Client("A");
        await ReportAsync(nodeA, new NodeReport("A", [], SimulatedLinks: [new EavesdropperDto("AB", null)]));

        using HttpResponseMessage set = await ops.SendAsync(Action("dashboard/api/links/AB/eavesdropper", new { eve = "intercept-resend:1" }));
        JsonElement push = await ReportAsync(nodeA, new NodeReport("A", []));

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        JsonElement drill = Assert.Single(push.GetProperty("drills").EnumerateArray());
        Assert.Equal(("AB", "intercept-resend:1"), (drill.GetProperty("link").GetString(), drill.GetProperty("eve").GetString()));
    }

    [Fact]
    public async Task AttackDrill_WithAMalformedEavesdropper_Is400_AndOnALinkNotSimulated_Is409()
    {
        using HttpClient ops = Client(DevelopmentNetwork.Admin);

        using HttpResponseMessage malformed = await ops.SendAsync(Action("dashboard/api/links/AB/eavesdropper", new { eve = "intercept-resend:7" }));
        using HttpResponseMessage notSimulated = await ops.SendAsync(Action("dashboard/api/links/BC/eavesdropper", new { eve = "pns" }));

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, notSimulated.StatusCode);
        Assert.Contains("simulated", (await notSimulated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertUntouchedAsync();
    }

    [Fact]
    public async Task NodeReport_OfRelaysAndSaeUsage_ShowsOnTheDashboard()
    {
        using HttpClient nodeA = Client("A");
        using HttpClient viewer = Client(DevelopmentRelayNetwork.Viewer);
        var at = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

        await ReportAsync(nodeA, new NodeReport("A", [], new RelayActivityDto(1, 7, 0, [new RecentRouteDto(at, "A -[AB]-> B -[BC]-> C")]), [new SaeUsageDto("sae-a1", 7, 0, 7 * 256)]));
        JsonElement state = await viewer.GetFromJsonAsync<JsonElement>("dashboard/api/state");

        JsonElement relays = Assert.Single(state.GetProperty("relays").EnumerateArray());
        Assert.Equal((1, 7), (relays.GetProperty("in_flight").GetInt32(), relays.GetProperty("originated").GetInt32()));
        Assert.Equal("A -[AB]-> B -[BC]-> C", Assert.Single(relays.GetProperty("recent_routes").EnumerateArray()).GetProperty("route").GetString());
        JsonElement sae = Assert.Single(state.GetProperty("saes").EnumerateArray());
        Assert.Equal(("A", "sae-a1", 7), (sae.GetProperty("node").GetString(), sae.GetProperty("sae").GetString(), sae.GetProperty("keys_as_master").GetInt32()));
    }

    [Fact]
    public async Task Events_SendTheSnapshotAsAServerSentEvent_AndAnotherAfterAChange()
    {
        using HttpClient viewer = Client(DevelopmentRelayNetwork.Viewer);
        using HttpClient nodeA = Client("A");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using HttpResponseMessage response = await viewer.GetAsync("dashboard/api/events", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));

        JsonElement first = await NextStateAsync(reader, cancel.Token);
        await ReportAsync(nodeA, new NodeReport("A", [new LinkSampleDto("AB", 0.3, 0, 1 << 20, 1 << 24, true, "QBER over threshold")]));
        JsonElement second = await NextStateAsync(reader, cancel.Token);
        while (LinkOf(second.GetProperty("links"), "id", "AB").GetProperty("state").GetString() != "quarantined")
        {
            second = await NextStateAsync(reader, cancel.Token);
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("normal", LinkOf(first.GetProperty("links"), "id", "AB").GetProperty("state").GetString());
        Assert.Contains(second.GetProperty("alarms").EnumerateArray(), a => a.GetProperty("link").GetString() == "AB");
    }

    public async Task DisposeAsync()
    {
        if (_controller is not null)
        {
            await _controller.StopAsync();
            await _controller.DisposeAsync();
        }

        try
        {
            Directory.Delete(_net.Directory, recursive: true);
        }
        catch (IOException)
        {
            // the OS cleans the temp folder
        }
    }

    private HttpClient Client(string certificate) => EtsiClients.ForName(_net.ControllerUrl, _net.Pki, certificate, DevelopmentRelayNetwork.ControllerName);

    private static HttpRequestMessage Action(string path, object? body = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body ?? new { }) };
        request.Headers.Add(DashboardEndpoints.ActionHeader, "1");
        return request;
    }

    /// <summary>No link quarantined, no alarm, no operator action: what a refused request must leave.</summary>
    private async Task AssertUntouchedAsync()
    {
        using HttpClient ops = Client(DevelopmentNetwork.Admin);
        JsonElement state = await ops.GetFromJsonAsync<JsonElement>("dashboard/api/state");
        Assert.All(state.GetProperty("links").EnumerateArray(), l => Assert.Equal("normal", l.GetProperty("state").GetString()));
        Assert.Empty(state.GetProperty("alarms").EnumerateArray());
        Assert.Empty(state.GetProperty("audit").EnumerateArray());
        using HttpClient nodeA = Client("A");
        JsonElement push = await ReportAsync(nodeA, new NodeReport("A", []));
        Assert.Equal(JsonValueKind.Null, push.GetProperty("drills").ValueKind);
    }

    private static async Task<JsonElement> ReportAsync(HttpClient node, NodeReport report)
    {
        using HttpResponseMessage response = await node.PostAsJsonAsync("controller/v1/reports", report);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> NextStateAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        string? line;
        while ((line = await reader.ReadLineAsync(cancellationToken)) is not null)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
            }
        }

        throw new EndOfStreamException("The event stream ended.");
    }

    private static JsonElement LinkOf(JsonElement links, string key, string id) => links.EnumerateArray().First(l => l.GetProperty(key).GetString() == id);
}
