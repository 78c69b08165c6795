using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using QkdNet.Control.Health;
using QkdNet.Control.Topology;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Node.Configuration;
using QkdNet.Node.Controller;
using QkdNet.Development.Pki;
using QkdNet.Node.Tests.Support;

namespace QkdNet.Node.Tests.Network;

/// <summary>The controller over real HTTPS with mutual TLS on loopback (in this process): reports, quarantine, push, health view, metrics.</summary>
public sealed class ControllerEndpointsTests : IAsyncLifetime
{
    private readonly DevelopmentRelayNetwork _net = NetworkIn(RelayNetworkFixture.NewDirectory());

    private WebApplication? _controller;

    private static DevelopmentRelayNetwork NetworkIn(string directory) => DevelopmentRelayNetwork.Create(
        directory, [("AB", "A", "B"), ("BC", "B", "C")],
        new Dictionary<string, IReadOnlyList<string>> { ["A"] = ["sae-a1"], ["B"] = [], ["C"] = ["sae-c1"] }, withController: true,
        pbkdf2Iterations: SealSetup.MinPbkdf2Iterations, caKeyDirectory: Path.Combine(directory, "ca-key"));

    public async Task InitializeAsync()
    {
        NetworkTopology topology = TopologyJsonReader.Load(_net.Topology).Value;
        var settings = new ControllerSettings(topology, new IPEndPoint(IPAddress.Loopback, _net.ControllerPort),
            new TlsSettings(Path.Combine(_net.Pki, "controller.crt"), Path.Combine(_net.Pki, "controller.key"), Path.Combine(_net.Pki, "ca.crt")),
            new LinkHealthOptions(RecoverySamples: 2))
        {
            Admins = [new AdminSettings(DevelopmentNetwork.Admin, DevelopmentPki.Sha256Of(_net.Pki, DevelopmentNetwork.Admin))],
        };
        _controller = ControllerHost.Build(settings);
        await _controller.StartAsync();
    }

    [Fact]
    public async Task ReportOverThreshold_QuarantinesTheLink_RaisesAnAlarm_AndThePushSaysSo()
    {
        using HttpClient nodeA = EtsiClients.ForName(_net.ControllerUrl, _net.Pki, "A", DevelopmentRelayNetwork.ControllerName);
        JsonElement push = await PostAsync(nodeA, Report("A", "AB", qber: 0.26, aborted: true));
        Assert.True(LinkOf(push, "AB").GetProperty("quarantined").GetBoolean());
        Assert.False(LinkOf(push, "BC").GetProperty("quarantined").GetBoolean());

        using HttpClient ops = EtsiClients.ForName(_net.ControllerUrl, _net.Pki, DevelopmentNetwork.Admin, DevelopmentRelayNetwork.ControllerName);
        JsonElement health = await ops.GetFromJsonAsync<JsonElement>("controller/v1/health");
        Assert.Contains(health.GetProperty("alarms").EnumerateArray(), a => a.GetProperty("link").GetString() == "AB" && a.GetProperty("severity").GetString() == "Critical");
        Assert.Contains(health.GetProperty("nodes").EnumerateArray(), n => n.GetProperty("id").GetString() == "A" && n.GetProperty("last_report").ValueKind == JsonValueKind.String);
        Assert.Contains("qkdnet_link_state{link=\"AB\"} 2", await ops.GetStringAsync("metrics"), StringComparison.Ordinal);

        // two good blocks in a row lift the quarantine
        await PostAsync(nodeA, Report("A", "AB", qber: 0.02, aborted: false));
        JsonElement recovered = await PostAsync(nodeA, Report("A", "AB", qber: 0.02, aborted: false));
        Assert.False(LinkOf(recovered, "AB").GetProperty("quarantined").GetBoolean());
    }

    [Fact]
    public async Task ReportWithNoQberEstimate_CountsAsAboveTheThreshold_AndQuarantinesTheLink()
    {
        using HttpClient nodeA = EtsiClients.ForName(_net.ControllerUrl, _net.Pki, "A", DevelopmentRelayNetwork.ControllerName);

        JsonElement push = await PostRawAsync(nodeA, """{"link": "AB", "qber": null, "secret_key_rate_bps": 1000, "pool_bits": 1048576, "pool_capacity_bits": 16777216, "block_aborted": false}""");

        Assert.True(LinkOf(push, "AB").GetProperty("quarantined").GetBoolean());
    }

    [Fact]
    public async Task ReportOfAFailedAuthenticationTag_QuarantinesTheLink_WithACriticalAlarm()
    {
        using HttpClient nodeA = EtsiClients.ForName(_net.ControllerUrl, _net.Pki, "A", DevelopmentRelayNetwork.ControllerName);

        JsonElement push = await PostRawAsync(nodeA, """{"link": "AB", "qber": 0.02, "secret_key_rate_bps": 0, "pool_bits": 1048576, "pool_capacity_bits": 16777216, "block_aborted": true, "abort_reason": "Wegman-Carter authentication failed", "authentication_failed": true}""");

        Assert.True(LinkOf(push, "AB").GetProperty("quarantined").GetBoolean());
        using HttpClient ops = EtsiClients.ForName(_net.ControllerUrl, _net.Pki, DevelopmentNetwork.Admin, DevelopmentRelayNetwork.ControllerName);
        JsonElement health = await ops.GetFromJsonAsync<JsonElement>("controller/v1/health");
        Assert.Contains(health.GetProperty("alarms").EnumerateArray(), a => a.GetProperty("kind").GetString() == "AuthenticationFailed" && a.GetProperty("severity").GetString() == "Critical");
    }

    [Fact]
    public async Task ReportAboutAnotherNodesLink_Is400_AndReportInAnotherNodesName_Is403()
    {
        using HttpClient nodeA = EtsiClients.ForName(_net.ControllerUrl, _net.Pki, "A", DevelopmentRelayNetwork.ControllerName);
        using HttpResponseMessage notMine = await nodeA.PostAsJsonAsync("controller/v1/reports", Report("A", "BC", qber: 0.3, aborted: true));
        Assert.Equal(HttpStatusCode.BadRequest, notMine.StatusCode);
        using HttpResponseMessage impostor = await nodeA.PostAsJsonAsync("controller/v1/reports", Report("B", "BC", qber: 0.3, aborted: true));
        Assert.Equal(HttpStatusCode.Forbidden, impostor.StatusCode);

        using HttpClient ops = EtsiClients.ForName(_net.ControllerUrl, _net.Pki, DevelopmentNetwork.Admin, DevelopmentRelayNetwork.ControllerName);
        JsonElement health = await ops.GetFromJsonAsync<JsonElement>("controller/v1/health");
        Assert.Empty(health.GetProperty("alarms").EnumerateArray());
    }

    [Theory]
    [InlineData("controller/v1/health")]
    [InlineData("metrics")]
    public async Task StateRead_ByAnSaeCertificate_Is403(string path)
    {
        using HttpClient sae = EtsiClients.ForName(_net.ControllerUrl, _net.Pki, "sae-a1", DevelopmentRelayNetwork.ControllerName);
        using HttpResponseMessage response = await sae.GetAsync(path);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task HealthRead_ByTheAdminNameOnAnotherCertificate_Is403()
    {
        string folder = Path.Combine(_net.Directory, "admin-impostor-" + Guid.NewGuid().ToString("N"));
        (string crt, string key) = TestCertificates.Issue(_net.Pki, folder, DevelopmentNetwork.Admin, TestCertificates.ClientAuth);
        using HttpClient impostor = EtsiClients.Create(_net.ControllerUrl, Path.Combine(_net.Pki, "ca.crt"), crt, key, DevelopmentRelayNetwork.ControllerName);
        using HttpResponseMessage response = await impostor.GetAsync("controller/v1/health");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
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

    private static NodeReport Report(string node, string link, double qber, bool aborted) =>
        new(node, [new LinkSampleDto(link, qber, aborted ? 0 : 1000, 1 << 20, 1 << 24, aborted, aborted ? "QBER over threshold" : null)]);

    private static async Task<JsonElement> PostAsync(HttpClient client, NodeReport report)
    {
        using HttpResponseMessage response = await client.PostAsJsonAsync("controller/v1/reports", report);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    // Raw JSON, as a node sends it: the wire format is what the controller must read right.
    private static async Task<JsonElement> PostRawAsync(HttpClient client, string sample)
    {
        using var body = new StringContent($$"""{"node": "A", "samples": [{{sample}}]}""", Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await client.PostAsync("controller/v1/reports", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static JsonElement LinkOf(JsonElement push, string link) =>
        push.GetProperty("links").EnumerateArray().First(l => l.GetProperty("link").GetString() == link);
}
