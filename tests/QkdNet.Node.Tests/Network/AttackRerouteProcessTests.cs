using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using QkdNet.Cli;
using QkdNet.Control.Topology;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Development.Pki;

namespace QkdNet.Node.Tests.Network;

/// <summary>
/// The Tokyo QKD Network (examples/topologies/tokyo-qkd-network.json: Koganei, Otemachi, Hakusan, Hongo) as real node
/// processes and a real controller; link otemachi-hongo is a decoy-BB84 simulation, the others random sources. Keys go
/// from the lab at Koganei to the hospital at Hongo (2 hops, through Otemachi). An intercept-resend attack on
/// otemachi-hongo (switched on with <c>qkdnet link attack</c>) gets it quarantined by the controller, relays take the
/// 3-hop path through Hakusan; lowered to just under the link's QBER threshold the attack still keeps it quarantined
/// (every block aborts), and when the attack stops the link recovers.
/// </summary>
[Trait("Category", "Process")]
[Collection(RelayNetworkFixture.Collection)]
public sealed class AttackRerouteProcessTests : IDisposable
{
    private const string Attacked = "otemachi-hongo";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly RelayNetworkFixture _net = new(DevelopmentRelayNetwork.FromTopology(
        RelayNetworkFixture.NewDirectory(), Tokyo(), highWatermarkBits: 1 << 18, simulatedLinks: [Attacked], withController: true, pulsesPerBlock: 200_000_000,
        pbkdf2Iterations: SealSetup.MinPbkdf2Iterations));

    [Fact]
    public async Task InterceptResendOnOtemachiHongo_QuarantinesIt_RelaysGoThroughHakusan_AndTheLinkRecoversWhenTheAttackStops()
    {
        using HttpClient ops = EtsiClients.ForName(_net.Network.ControllerUrl, _net.Network.Pki, DevelopmentNetwork.Admin, DevelopmentRelayNetwork.ControllerName);
        await UntilAsync(async () => (await LinkAsync(ops, Attacked)).GetProperty("samples").GetInt64() > 1, "otemachi-hongo delivers two blocks");

        // Routing is key-aware (RoutingWeights: pool level and rate of every link): the 2-hop route through the simulated
        // link is the cheapest once its pools hold about as much key as the random links' (every pool tops out near one
        // 256 kbit block here), so relay until a relay takes it.
        await UntilAsync(async () =>
        {
            int before = _net["koganei"].Output.Length;
            await RelayAndCheckAsync();
            return _net["koganei"].Output[before..].Contains("otemachi -[otemachi-hongo]-> hongo", StringComparison.Ordinal);
        }, "a relay goes over otemachi-hongo");

        Assert.Equal(0, await AttackAsync("intercept-resend:1"));
        await UntilAsync(async () => (await LinkAsync(ops, Attacked)).GetProperty("state").GetString() == "quarantined", "otemachi-hongo is quarantined");
        JsonElement health = await ops.GetFromJsonAsync<JsonElement>("controller/v1/health");
        Assert.Contains(health.GetProperty("alarms").EnumerateArray(), a => a.GetProperty("link").GetString() == Attacked && a.GetProperty("severity").GetString() == "Critical");
        await UntilAsync(() => Task.FromResult(_net["koganei"].Output.Contains($"quarantined links: [{Attacked}]", StringComparison.Ordinal)), "koganei takes the snapshot with the link quarantined");

        int mark = _net["koganei"].Output.Length;
        for (int i = 0; i < 3; i++)
        {
            await RelayAndCheckAsync();
        }

        string after = _net["koganei"].Output[mark..];
        Assert.Contains("otemachi -[otemachi-hakusan]-> hakusan -[hakusan-hongo]-> hongo", after, StringComparison.Ordinal);
        Assert.DoesNotContain($"-[{Attacked}]->", after, StringComparison.Ordinal);

        // The attacker backs off to 18 % of the pulses: QBER about 7.5 %, just under the link's 8 %, and every block
        // still aborts. Aborted blocks are no evidence of health, so the quarantine holds however many arrive.
        Assert.Equal(0, await AttackAsync("intercept-resend:0.18"));
        long seen = (await LinkAsync(ops, Attacked)).GetProperty("samples").GetInt64();
        await UntilAsync(async () =>
        {
            JsonElement link = await LinkAsync(ops, Attacked);
            Assert.Equal("quarantined", link.GetProperty("state").GetString());
            return link.GetProperty("samples").GetInt64() >= seen + 5;
        }, "five samples under the lowered attack");

        Assert.Equal(0, await AttackAsync("none"));
        await UntilAsync(async () => (await LinkAsync(ops, Attacked)).GetProperty("state").GetString() != "quarantined", "otemachi-hongo recovers");
        string metrics = await ops.GetStringAsync("metrics");
        Assert.Contains($"qkdnet_link_state{{link=\"{Attacked}\"}}", metrics, StringComparison.Ordinal);

        // a snapshot comes with every report (4 a second here); koganei logs one at info only when the quarantined
        // set changes: none, the attacked link, and (maybe already) none again
        int logged = Regex.Count(_net["koganei"].Output, "Routing snapshot [0-9]+ from the controller applied; quarantined links: ");
        Assert.InRange(logged, 2, 3);
    }

    public void Dispose() => _net.Dispose();

    private async Task RelayAndCheckAsync()
    {
        JsonElement key = (await _net.EncKeysWhenReadyAsync("koganei", "sae-koganei-lab", "sae-hongo-hospital")).GetProperty("keys")[0];
        using HttpClient slave = _net.Client("hongo", "sae-hongo-hospital");
        JsonElement dec = await slave.GetFromJsonAsync<JsonElement>($"api/v1/keys/sae-koganei-lab/dec_keys?key_ID={key.GetProperty("key_ID").GetString()}");
        Assert.Equal(key.GetProperty("key").GetString(), dec.GetProperty("keys")[0].GetProperty("key").GetString());
    }

    private Task<int> AttackAsync(string eve) => CliApp.RunAsync(
        ["link", "attack", "--node", _net.Network.UrlOf("hongo").ToString(), "--kme", "hongo", "--link", Attacked, "--eve", eve, "--pki", _net.Network.Pki, "--as", DevelopmentNetwork.Admin],
        TextWriter.Null, TextWriter.Null);

    private static NetworkTopology Tokyo()
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "QkdNet.slnx")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return TopologyJsonReader.Load(Path.Combine(directory ?? ".", "examples", "topologies", "tokyo-qkd-network.json")).Value;
    }

    private static async Task<JsonElement> LinkAsync(HttpClient ops, string link)
    {
        JsonElement health = await ops.GetFromJsonAsync<JsonElement>("controller/v1/health");
        return health.GetProperty("links").EnumerateArray().First(l => l.GetProperty("id").GetString() == link);
    }

    private async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {Patience.TotalSeconds} s for: {what}\n{_net.AllOutput}");
            }

            await Task.Delay(250);
        }
    }
}
