using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Node.Hosting;
using QkdNet.Development.Pki;
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
        await UntilStoredAsync(master, 64);
        await Wait.UntilStoredKeysAsync(slave, "sae-a1", 1);

        JsonElement enc = await AssertMatchingKeysAsync(master, slave);

        // no key reached a log, on the devices or the nodes
        foreach (JsonElement key in enc.GetProperty("keys").EnumerateArray())
        {
            Assert.All(_processes, p => Assert.DoesNotContain(key.GetProperty("key").GetString()!, p.Output, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task SlaveDeviceDown_TheNodesBackOffAndCountTheFailures_ThenTheLinkRecoversWithMatchingKeys()
    {
        using HttpClient master = EtsiClients.ForName(_nodes.UrlA, _nodes.Pki, "sae-a1", "A");
        using HttpClient slave = EtsiClients.ForName(_nodes.UrlB, _nodes.Pki, "sae-b1", "B");
        await UntilStoredAsync(master, 64);
        _processes[1].Dispose(); // device B killed (SIGKILL) while the nodes' pools are still filling

        // node A's device answers 503 (it cannot reach device B), or node B's device does not answer: either way a
        // node logs each failure with its count and backs off
        const string Counted = "the QKD device's ETSI 014 API failed (2 so far)";
        for (int i = 0; i < 600 && !_processes[2].Output.Contains(Counted, StringComparison.Ordinal) && !_processes[3].Output.Contains(Counted, StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(_processes[2].Output.Contains(Counted, StringComparison.Ordinal) || _processes[3].Output.Contains(Counted, StringComparison.Ordinal), Logs());
        long before = await StoredKeysAsync(master);
        _processes[1] = NodeProcess.Start(Cli, _devices.ConfigB);
        // one more batch in each of node A's pools (a batch is 64 keys of 1024 bits: 256 keys of the pool's 256 bits)
        await UntilStoredAsync(master, before + 256);

        await AssertMatchingKeysAsync(master, slave);
    }

    /// <summary>
    /// <see cref="Wait.UntilStoredKeysAsync"/> at node A, bounded at three of its 60 s (four processes start on a shared
    /// two-core machine), with the four logs in the failure when it times out.
    /// </summary>
    private async Task UntilStoredAsync(HttpClient master, long count)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await Wait.UntilStoredKeysAsync(master, "sae-b1", count);
                return;
            }
            catch (TimeoutException e) when (attempt == 3)
            {
                Assert.Fail(e.Message + "\n" + Logs());
            }
            catch (TimeoutException)
            {
                // not yet: wait another round
            }
        }
    }

    private static async Task<long> StoredKeysAsync(HttpClient master) =>
        (await master.GetFromJsonAsync<JsonElement>("api/v1/keys/sae-b1/status")).GetProperty("stored_key_count").GetInt64();

    /// <summary>enc_keys at node A, dec_keys at node B: the same keys under the same IDs. Returns A's key container.</summary>
    private async Task<JsonElement> AssertMatchingKeysAsync(HttpClient master, HttpClient slave)
    {
        using HttpResponseMessage response = await master.PostAsJsonAsync("api/v1/keys/sae-b1/enc_keys", new { number = 8, size = 512 });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync() + Logs());
        JsonElement enc = await response.Content.ReadFromJsonAsync<JsonElement>();
        var ids = enc.GetProperty("keys").EnumerateArray().Select(k => new { key_ID = k.GetProperty("key_ID").GetString() }).ToArray();
        using HttpResponseMessage decResponse = await slave.PostAsJsonAsync("api/v1/keys/sae-a1/dec_keys", new { key_IDs = ids });
        JsonElement dec = await decResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(
            enc.GetProperty("keys").EnumerateArray().Select(k => (k.GetProperty("key_ID").GetString(), k.GetProperty("key").GetString())).OrderBy(k => k.Item1),
            dec.GetProperty("keys").EnumerateArray().Select(k => (k.GetProperty("key_ID").GetString(), k.GetProperty("key").GetString())).OrderBy(k => k.Item1));
        return enc;
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
            ["poll_interval_seconds"] = 0.2,
        };
        if (sae == "node-a")
        {
            // only the master end (A, the lower KME ID) gives the batch shape; B takes it from A's announcements
            node["links"]![0]!["source"]!["key_size_bits"] = 1024;
            node["links"]![0]!["source"]!["batch"] = 64;
        }

        File.WriteAllText(config, node.ToJsonString());
    }
}
