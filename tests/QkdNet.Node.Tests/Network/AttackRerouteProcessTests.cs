using System.Net.Http.Json;
using System.Text.Json;
using QkdNet.Cli;
using QkdNet.Node.Pki;

namespace QkdNet.Node.Tests.Network;

/// <summary>
/// A ring A - B - C - D - A of real node processes and a real controller; link BC is a decoy-BB84 simulation. An
/// intercept-resend attack on BC (switched on with <c>qkdnet link attack</c>) gets it quarantined by the controller,
/// relays from A to C go around it through D, and when the attack stops the link recovers.
/// </summary>
[Trait("Category", "Process")]
[Collection(RelayNetworkFixture.Collection)]
public sealed class AttackRerouteProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly RelayNetworkFixture _net = new(
        [("AB", "A", "B"), ("BC", "B", "C"), ("CD", "C", "D"), ("DA", "D", "A")],
        new Dictionary<string, IReadOnlyList<string>> { ["A"] = ["sae-a1"], ["B"] = [], ["C"] = ["sae-c1"], ["D"] = [] },
        simulatedLinks: ["BC"], withController: true, pulsesPerBlock: 200_000_000);

    [Fact]
    public async Task InterceptResendOnBC_QuarantinesIt_RelaysGoThroughD_AndTheLinkRecoversWhenTheAttackStops()
    {
        using HttpClient ops = EtsiClients.ForName(_net.Network.ControllerUrl, _net.Network.Pki, DevelopmentNetwork.Admin);
        await UntilAsync(async () => (await LinkAsync(ops, "BC")).GetProperty("samples").GetInt64() > 0, "BC delivers a first block");
        await RelayAndCheckAsync();

        Assert.Equal(0, await AttackAsync("intercept-resend:1"));
        await UntilAsync(async () => (await LinkAsync(ops, "BC")).GetProperty("state").GetString() == "quarantined", "BC is quarantined");
        JsonElement health = await ops.GetFromJsonAsync<JsonElement>("controller/v1/health");
        Assert.Contains(health.GetProperty("alarms").EnumerateArray(), a => a.GetProperty("link").GetString() == "BC" && a.GetProperty("severity").GetString() == "Critical");
        await UntilAsync(() => Task.FromResult(_net["A"].Output.Contains("quarantined links: [BC]", StringComparison.Ordinal)), "A takes the snapshot with BC quarantined");

        int mark = _net["A"].Output.Length;
        for (int i = 0; i < 3; i++)
        {
            await RelayAndCheckAsync();
        }

        string after = _net["A"].Output[mark..];
        Assert.Contains("A -[DA]-> D -[CD]-> C", after, StringComparison.Ordinal);
        Assert.DoesNotContain("-[BC]->", after, StringComparison.Ordinal);

        Assert.Equal(0, await AttackAsync("none"));
        await UntilAsync(async () => (await LinkAsync(ops, "BC")).GetProperty("state").GetString() != "quarantined", "BC recovers");
        string metrics = await ops.GetStringAsync("metrics");
        Assert.Contains("qkdnet_link_state{link=\"BC\"}", metrics, StringComparison.Ordinal);
    }

    public void Dispose() => _net.Dispose();

    private async Task RelayAndCheckAsync()
    {
        JsonElement key = (await _net.EncKeysWhenReadyAsync("A", "sae-a1", "sae-c1")).GetProperty("keys")[0];
        using HttpClient slave = _net.Client("C", "sae-c1");
        JsonElement dec = await slave.GetFromJsonAsync<JsonElement>($"api/v1/keys/sae-a1/dec_keys?key_ID={key.GetProperty("key_ID").GetString()}");
        Assert.Equal(key.GetProperty("key").GetString(), dec.GetProperty("keys")[0].GetProperty("key").GetString());
    }

    private Task<int> AttackAsync(string eve) => CliApp.RunAsync(
        ["link", "attack", "--node", _net.Network.UrlOf("B").ToString(), "--link", "BC", "--eve", eve, "--pki", _net.Network.Pki, "--as", DevelopmentNetwork.Admin],
        TextWriter.Null, TextWriter.Null);

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
