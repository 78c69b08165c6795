using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using QkdNet.Control.Topology;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Development.Pki;
using QkdNet.Node.Tests.Network;
using QkdNet.Node.Tests.Support;

namespace QkdNet.Node.Tests.Controller.Dashboard;

/// <summary>
/// The dashboard in headless Chromium (Debian's, through Playwright), against the Tokyo QKD Network as real node
/// processes and a real controller in development mode; the browser shows the admin's certificate (mutual TLS).
/// Every node is drawn; an attack drill switched on from the page gets otemachi-hongo quarantined with its alarm on
/// the page; an operator's quarantine from the page reaches the nodes; a screenshot is saved.
/// </summary>
[Trait("Category", "Browser")]
[Trait("Category", "Process")]
[Collection(RelayNetworkFixture.Collection)]
public sealed class DashboardBrowserTests : IDisposable
{
    private const string Attacked = "otemachi-hongo";
    private const string Quarantined = "hakusan-hongo";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly NetworkTopology _tokyo = TopologyJsonReader.Load(Path.Combine(Repository.Root, "examples", "topologies", "tokyo-qkd-network.json")).Value;
    private readonly RelayNetworkFixture _net;

    public DashboardBrowserTests()
    {
        _net = new RelayNetworkFixture(DevelopmentRelayNetwork.FromTopology(
            RelayNetworkFixture.NewDirectory(), _tokyo, highWatermarkBits: 1 << 18, simulatedLinks: [Attacked], withController: true, pulsesPerBlock: 200_000_000,
            pbkdf2Iterations: SealSetup.MinPbkdf2Iterations));
    }

    /// <summary>Where the screenshot goes: <c>QKDNET_DASHBOARD_SCREENSHOT</c>, else dashboard.png beside the test binaries.</summary>
    private static string ScreenshotPath => Environment.GetEnvironmentVariable("QKDNET_DASHBOARD_SCREENSHOT") is { Length: > 0 } path
        ? path
        : Path.Combine(AppContext.BaseDirectory, "dashboard.png");

    [BrowserFact]
    public async Task Dashboard_DrawsEveryNode_ShowsAnAttackQuarantined_AndAppliesAnOperatorsQuarantine()
    {
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = BrowserFactAttribute.Executable, Headless = true });
        string origin = _net.Network.ControllerUrl.GetLeftPart(UriPartial.Authority);
        await using IBrowserContext context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            // the admin's certificate for mutual TLS, as an operator imports it into a browser
            ClientCertificates = [new ClientCertificate { Origin = origin, CertPath = Path.Combine(_net.Network.Pki, DevelopmentNetwork.Admin + ".crt"), KeyPath = Path.Combine(_net.Network.Pki, DevelopmentNetwork.Admin + ".key") }],
            // the controller's certificate chains to the development CA, which this throw-away browser profile does not hold
            IgnoreHTTPSErrors = true,
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
        });
        IPage page = await context.NewPageAsync();
        await page.GotoAsync(origin + "/dashboard/");

        // every node of the topology is drawn on the map
        await UntilAsync(async () => await page.Locator("#map [data-node]").CountAsync() == _tokyo.Nodes.Count, "every node drawn");
        foreach (TopologyNode node in _tokyo.Nodes)
        {
            Assert.Equal(1, await page.Locator($"#map [data-node=\"{node.Id.Value}\"]").CountAsync());
        }

        // keys relayed from Koganei to Hongo show as routes and SAE usage
        await RelayAsync();
        await UntilAsync(async () => await page.Locator("#saes tbody tr").CountAsync() > 0, "SAE usage shown");

        // an attack drill from the page: the link turns quarantined on the map and its alarm shows
        ILocator attackedRow = page.Locator($"#links tbody tr[data-link=\"{Attacked}\"]");
        await UntilAsync(async () => await attackedRow.GetByRole(AriaRole.Button, new() { Name = "Attack (intercept-resend)" }).CountAsync() == 1, "the simulated link offers an attack drill");
        await attackedRow.GetByRole(AriaRole.Button, new() { Name = "Attack (intercept-resend)" }).ClickAsync();
        await UntilAsync(async () => await page.Locator($"#map line[data-link=\"{Attacked}\"]").GetAttributeAsync("data-state") == "quarantined", "the attacked link drawn quarantined");
        ILocator alarm = page.Locator($"#alarms li[data-alarm-link=\"{Attacked}\"][data-alarm-kind=\"QberAboveThreshold\"]");
        await UntilAsync(async () => await alarm.CountAsync() == 1, "the attack's alarm shown");
        Assert.Contains("above threshold", await alarm.InnerTextAsync(), StringComparison.Ordinal);
        await RelayAsync();

        // an operator's quarantine from the page: drawn, and pushed to the nodes
        ILocator quarantinedRow = page.Locator($"#links tbody tr[data-link=\"{Quarantined}\"]");
        await quarantinedRow.GetByRole(AriaRole.Button, new() { Name = "Quarantine" }).ClickAsync();
        await UntilAsync(async () => await page.Locator($"#map line[data-link=\"{Quarantined}\"]").GetAttributeAsync("data-state") == "quarantined", "the operator's quarantine drawn");
        Assert.Contains("by ops", await quarantinedRow.Locator(".badge").InnerTextAsync(), StringComparison.Ordinal);
        await UntilAsync(() => Task.FromResult(Regex.IsMatch(_net["koganei"].Output, $@"quarantined links: \[[^\]]*{Quarantined}")), "koganei takes the operator's quarantine");
        Assert.Contains($"AUDIT link {Quarantined}: quarantine by ops", _net.Controller!.Output, StringComparison.Ordinal);

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath, FullPage = true });
        Assert.True(new FileInfo(ScreenshotPath).Length > 10_000, "the screenshot is an image of the page");
    }

    public void Dispose() => _net.Dispose();

    private async Task RelayAsync()
    {
        JsonElement key = (await _net.EncKeysWhenReadyAsync("koganei", "sae-koganei-lab", "sae-hongo-hospital")).GetProperty("keys")[0];
        using HttpClient slave = _net.Client("hongo", "sae-hongo-hospital");
        JsonElement dec = await slave.GetFromJsonAsync<JsonElement>($"api/v1/keys/sae-koganei-lab/dec_keys?key_ID={key.GetProperty("key_ID").GetString()}");
        Assert.Equal(key.GetProperty("key").GetString(), dec.GetProperty("keys")[0].GetProperty("key").GetString());
    }

    /// <summary>Polls <paramref name="condition"/> every 250 ms for at most <see cref="Patience"/> (no timing is asserted).</summary>
    private async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {Patience.TotalSeconds} s for: {what}\n{_net.AllOutput}");
            }

            await Task.Delay(250);
        }
    }
}
