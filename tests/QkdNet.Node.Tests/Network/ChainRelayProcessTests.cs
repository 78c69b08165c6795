using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Relay;
using QkdNet.Development.Pki;

namespace QkdNet.Node.Tests.Network;

/// <summary>Three real node processes in a chain A - B - C on loopback: keys relayed two hops from an SAE at A to one at C.</summary>
[Trait("Category", "Process")]
[Collection(RelayNetworkFixture.Collection)]
public sealed class ChainRelayProcessTests : IDisposable
{
    private readonly RelayNetworkFixture _net = new(
        [("AB", "A", "B"), ("BC", "B", "C")],
        new Dictionary<string, IReadOnlyList<string>> { ["A"] = ["sae-a1"], ["B"] = [], ["C"] = ["sae-c1"] });

    [Fact]
    public async Task EncKeysAtA_DecKeysAtC_ReturnSameKeyUnderSameId_AndRouteIsLoggedWithoutKeyBytes()
    {
        JsonElement enc = await _net.EncKeysWhenReadyAsync("A", "sae-a1", "sae-c1", number: 2);
        using HttpClient slave = _net.Client("C", "sae-c1");
        var keys = enc.GetProperty("keys").EnumerateArray().ToList();
        Assert.Equal(2, keys.Count);

        // the container reports the route and its cost: 2 hops, each padding the 32-byte key, its 16-byte confirmation key and a 16-byte tag key
        JsonElement relay = enc.GetProperty("key_container_extension").GetProperty("qkdnet_relay");
        Assert.Equal(2 * 2 * 512, relay.GetProperty("link_key_bits").GetInt64());
        JsonElement path = relay.GetProperty("keys")[0].GetProperty("paths")[0];
        Assert.Equal(["A", "B", "C"], path.GetProperty("route").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, path.GetProperty("hops").GetInt32());
        Assert.Equal(512, path.GetProperty("pad_bits_per_hop").GetInt32()); // 256 key bits + 128 confirmation-key bits + 128 tag bits
        foreach (JsonElement key in keys)
        {
            Assert.Equal(32, Convert.FromBase64String(key.GetProperty("key").GetString()!).Length);
            JsonElement dec = await slave.GetFromJsonAsync<JsonElement>($"api/v1/keys/sae-a1/dec_keys?key_ID={key.GetProperty("key_ID").GetString()}");
            Assert.Equal(key.GetProperty("key").GetString(), dec.GetProperty("keys")[0].GetProperty("key").GetString());
        }

        // Get status names the slave's KME beyond the neighbour
        using HttpClient master = _net.Client("A", "sae-a1");
        JsonElement status = await master.GetFromJsonAsync<JsonElement>("api/v1/keys/sae-c1/status");
        Assert.Equal("C", status.GetProperty("target_KME_ID").GetString());

        // a key is handed out once
        using HttpResponseMessage again = await slave.GetAsync($"api/v1/keys/sae-a1/dec_keys?key_ID={keys[0].GetProperty("key_ID").GetString()}");
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);

        string logs = _net.AllOutput;
        Assert.Contains("A -[AB]-> B -[BC]-> C", logs, StringComparison.Ordinal);
        foreach (JsonElement key in keys)
        {
            string text = key.GetProperty("key").GetString()!;
            Assert.DoesNotContain(text, logs, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToHexString(Convert.FromBase64String(text)), logs, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task TruncatedOrGarbageRelayMessage_IsRefusedAndAudited_AndNonPeerCallerIsForbidden()
    {
        await _net.EncKeysWhenReadyAsync("A", "sae-a1", "sae-c1");
        using HttpClient asA = _net.Client("B", "A");
        using HttpResponseMessage truncated = await asA.PostAsync("kx/v1/relay", Json(new { link = "AB", message = Convert.ToBase64String(new byte[] { 1, 0, 0 }), pad = (object?)null, master_sae = "sae-a1", slave_saes = new[] { "sae-c1" } }));
        Assert.Equal(HttpStatusCode.BadRequest, truncated.StatusCode);

        using HttpResponseMessage wrongLink = await asA.PostAsync("kx/v1/relay", Json(new { link = "BC", message = "AA==" }));
        Assert.Equal(HttpStatusCode.Forbidden, wrongLink.StatusCode);

        using HttpClient asSae = _net.Client("B", "sae-a1");
        using HttpResponseMessage notPeer = await asSae.PostAsync("kx/v1/relay", Json(new { link = "AB", message = "AA==" }));
        Assert.Equal(HttpStatusCode.Forbidden, notPeer.StatusCode);

        await WaitForAsync(() => _net["B"].Output.Contains("AUDIT relay refused: Truncated", StringComparison.Ordinal));
        await WaitForAsync(() => _net["B"].Output.Contains("AUDIT relay refused: PathMismatch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IntermediateNodeRestarts_RelaysResumeOnceItIsBack()
    {
        await _net.EncKeysWhenReadyAsync("A", "sae-a1", "sae-c1");
        _net.Restart("B");

        // B lost the pads A had stocked for it: the first hop after the restart is refused, A drops its stock, the next one provisions afresh
        JsonElement enc = await _net.EncKeysWhenReadyAsync("A", "sae-a1", "sae-c1");
        using HttpClient slave = _net.Client("C", "sae-c1");
        JsonElement key = enc.GetProperty("keys")[0];
        JsonElement dec = await slave.GetFromJsonAsync<JsonElement>($"api/v1/keys/sae-a1/dec_keys?key_ID={key.GetProperty("key_ID").GetString()}");
        Assert.Equal(key.GetProperty("key").GetString(), dec.GetProperty("keys")[0].GetProperty("key").GetString());
    }

    [Fact]
    public async Task DestinationDown_EncKeysAnswers503_AndHandsOutNothing()
    {
        await _net.EncKeysWhenReadyAsync("A", "sae-a1", "sae-c1");
        _net["C"].KillHard();
        using HttpClient master = _net.Client("A", "sae-a1");
        using HttpResponseMessage response = await master.GetAsync("api/v1/keys/sae-c1/enc_keys");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.DoesNotContain("\"keys\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplayedSequenceAndUnknownPad_AreRefusedAndAudited_AndTheNextRealRelayStillWorks()
    {
        await _net.EncKeysWhenReadyAsync("A", "sae-a1", "sae-c1");
        using HttpClient asA = _net.Client("B", "A");
        using HttpResponseMessage replayed = await asA.PostAsync("kx/v1/relay", Json(Hop(sequence: 1)));
        Assert.Equal(HttpStatusCode.Conflict, replayed.StatusCode);
        using HttpResponseMessage forged = await asA.PostAsync("kx/v1/relay", Json(Hop(sequence: 1_000_000)));
        Assert.Equal(HttpStatusCode.PreconditionFailed, forged.StatusCode);
        await WaitForAsync(() => _net["B"].Output.Contains("AUDIT relay refused: Replayed", StringComparison.Ordinal));
        await WaitForAsync(() => _net["B"].Output.Contains("AUDIT relay refused: PadUnavailable", StringComparison.Ordinal));

        // the forged sequence number was not accepted, so the real next one still is
        await _net.EncKeysWhenReadyAsync("A", "sae-a1", "sae-c1");
        using HttpClient ops = _net.Client("A", DevelopmentNetwork.Admin);
        string metrics = await ops.GetStringAsync("metrics");
        Assert.Contains("qkdnet_relay_originated_total", metrics, StringComparison.Ordinal);
        Assert.Contains("qkdnet_pool_available_bits{link=\"AB\",owner=\"A\"}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryNode_ProvisionsPadsTowardsEachNeighbour_BeforeAnyRelay()
    {
        (string Node, string Link, string Peer)[] directions = [("A", "AB", "B"), ("B", "AB", "A"), ("B", "BC", "C"), ("C", "BC", "B")];

        foreach ((string node, string link, string peer) in directions)
        {
            using HttpClient ops = _net.Client(node, DevelopmentNetwork.Admin);
            string gauge = $"qkdnet_relay_pads_stocked{{link=\"{link}\",peer=\"{peer}\"}} ";
            string metrics = string.Empty;
            for (int i = 0; i < 300 && !HasPositive(metrics, gauge); i++)
            {
                await Task.Delay(200);
                try
                {
                    metrics = await ops.GetStringAsync("metrics");
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
            }

            Assert.True(HasPositive(metrics, gauge), $"{node} has no pads towards {peer} on {link}:\n{metrics}");
        }

        Assert.Equal(0, RelayedCount(await MetricsOf("A")));
        Assert.Contains("Relay pads provisioned towards every neighbour.", _net["B"].Output, StringComparison.Ordinal);
    }

    public void Dispose() => _net.Dispose();

    private static bool HasPositive(string metrics, string sample) =>
        metrics.Split('\n').FirstOrDefault(l => l.StartsWith(sample, StringComparison.Ordinal)) is { } line
        && double.Parse(line[sample.Length..], System.Globalization.CultureInfo.InvariantCulture) > 0;

    private static long RelayedCount(string metrics) =>
        (long)double.Parse(metrics.Split('\n').First(l => l.StartsWith("qkdnet_relay_originated_total ", StringComparison.Ordinal))["qkdnet_relay_originated_total ".Length..], System.Globalization.CultureInfo.InvariantCulture);

    private async Task<string> MetricsOf(string node)
    {
        using HttpClient ops = _net.Client(node, DevelopmentNetwork.Admin);
        return await ops.GetStringAsync("metrics");
    }

    /// <summary>A well-formed hop A -> B of a relay A > B > C whose pad keys B never received and whose tag is arbitrary.</summary>
    private static object Hop(ulong sequence)
    {
        RelayManifest manifest = RelayManifest.Create(Guid.NewGuid(), KeyId.New(), 32, [[KmeId.Create("A"), KmeId.Create("B"), KmeId.Create("C")]],
            SaeId.Create("sae-a1"), [SaeId.Create("sae-c1")], DateTimeOffset.UtcNow.AddMinutes(5)).Value;
        RelayHeader header = RelayHeader.Create(manifest, 0, 0).Value;
        byte[] wire = RelayMessageCodec.Encode(new RelayMessage(header, sequence, [KeyId.New()], new byte[manifest.SecretBytes], 0x0123456789abcdef));
        return new { link = "AB", message = Convert.ToBase64String(wire) };
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (int i = 0; i < 150 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition());
    }
}
