using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Node.Hosting;
using QkdNet.Node.Pki;
using QkdNet.Node.Tests.Support;

namespace QkdNet.Node.Tests.Links;

/// <summary>
/// The southbound adapter end to end: a QkdNet node pair stands in for a pair of QKD devices (its KMEs speak ETSI 014),
/// and a second node pair, not marked for development, takes its link's key from them (<c>"kind": "etsi014"</c>).
/// Four real <c>qkdnet node</c> processes on loopback.
/// </summary>
[Trait("Category", "Process")]
public sealed class Etsi014LinkProcessTests : IDisposable
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "QkdNet.Cli.dll");
    private readonly string _root = Path.Combine(Path.GetTempPath(), "qkdnet-etsi014-link-" + Guid.NewGuid().ToString("N"));
    private readonly DevelopmentNetwork _devices;
    private readonly DevelopmentNetwork _nodes;
    private readonly List<NodeProcess> _processes = [];

    public Etsi014LinkProcessTests()
    {
        // the "devices": a development pair whose SAEs are the two nodes
        _devices = DevelopmentNetwork.Create(Path.Combine(_root, "devices"), ["node-a"], ["node-b"], highWatermarkBits: 8L << 20, pbkdf2Iterations: SealSetup.MinPbkdf2Iterations);
        _nodes = DevelopmentNetwork.Create(Path.Combine(_root, "nodes"), ["sae-a1"], ["sae-b1"], highWatermarkBits: 1L << 20, pbkdf2Iterations: SealSetup.MinPbkdf2Iterations);
        UseDevice(_nodes.ConfigA, _devices.UrlA, "A", "node-a");
        UseDevice(_nodes.ConfigB, _devices.UrlB, "B", "node-b");
        foreach (string config in new[] { _devices.ConfigA, _devices.ConfigB, _nodes.ConfigA, _nodes.ConfigB })
        {
            _processes.Add(NodeProcess.Start(Cli, config));
        }
    }

    public void Dispose()
    {
        foreach (NodeProcess process in _processes)
        {
            process.Dispose();
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task DeviceKeysFillBothNodesPools_AndTheNodesSaesGetMatchingKeys()
    {
        using HttpClient master = EtsiClients.ForName(_nodes.UrlA, _nodes.Pki, "sae-a1", "A");
        using HttpClient slave = EtsiClients.ForName(_nodes.UrlB, _nodes.Pki, "sae-b1", "B");
        await Wait.UntilStoredKeysAsync(master, "sae-b1", 64);
        await Wait.UntilStoredKeysAsync(slave, "sae-a1", 64);

        using HttpResponseMessage response = await master.PostAsJsonAsync("api/v1/keys/sae-b1/enc_keys", new { number = 8, size = 512 });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync() + Logs());
        JsonElement enc = await response.Content.ReadFromJsonAsync<JsonElement>();
        var ids = enc.GetProperty("keys").EnumerateArray().Select(k => new { key_ID = k.GetProperty("key_ID").GetString() }).ToArray();
        using HttpResponseMessage decResponse = await slave.PostAsJsonAsync("api/v1/keys/sae-a1/dec_keys", new { key_IDs = ids });
        JsonElement dec = await decResponse.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(
            enc.GetProperty("keys").EnumerateArray().Select(k => (k.GetProperty("key_ID").GetString(), k.GetProperty("key").GetString())).OrderBy(k => k.Item1),
            dec.GetProperty("keys").EnumerateArray().Select(k => (k.GetProperty("key_ID").GetString(), k.GetProperty("key").GetString())).OrderBy(k => k.Item1));
        // no key reached a log, on the devices or the nodes
        foreach (JsonElement key in enc.GetProperty("keys").EnumerateArray())
        {
            Assert.All(_processes, p => Assert.DoesNotContain(key.GetProperty("key").GetString()!, p.Output, StringComparison.Ordinal));
        }
    }

    private string Logs() => string.Join("\n----\n", _processes.Select(p => p.Output));

    /// <summary>Points the node of <paramref name="config"/> at its device for link AB, and marks it a production node.</summary>
    private void UseDevice(string config, Uri deviceUrl, string deviceKme, string sae)
    {
        JsonNode node = JsonNode.Parse(File.ReadAllText(config))!;
        node["development"] = false;
        node["links"]![0]!["source"] = new JsonObject
        {
            ["kind"] = "etsi014",
            ["kme_url"] = deviceUrl.AbsoluteUri,
            ["kme_id"] = deviceKme,
            ["certificate"] = Path.Combine(_devices.Pki, sae + ".crt"),
            ["key"] = Path.Combine(_devices.Pki, sae + ".key"),
            ["ca"] = Path.Combine(_devices.Pki, "ca.crt"),
            ["master_sae"] = "node-a",
            ["slave_sae"] = "node-b",
            ["key_size_bits"] = 1024,
            ["batch"] = 64,
            ["poll_interval_seconds"] = 0.2,
        };
        File.WriteAllText(config, node.ToJsonString());
    }
}
