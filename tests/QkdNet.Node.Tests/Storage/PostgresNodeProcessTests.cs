using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Node.Hosting;
using QkdNet.Development.Pki;
using QkdNet.Node.Tests.Support;

namespace QkdNet.Node.Tests.Storage;

/// <summary>Two real <c>qkdnet node</c> processes whose key stores are PostgreSQL schemas of one database.</summary>
[Trait("Category", "Process")]
public sealed class PostgresNodeProcessTests : IDisposable
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "QkdNet.Cli.dll");
    private readonly string _prefix = $"qkdnet_node_{Guid.NewGuid():N}";
    private readonly List<NodeProcess> _processes = [];
    private DevelopmentNetwork? _network;

    [PostgresFact]
    public async Task NodesWithPostgresStores_ServeTheSameKeyToBothEnds_AndASecondProcessOnAStoreIsRefused()
    {
        _network = DevelopmentNetwork.Create(Path.Combine(Path.GetTempPath(), "qkdnet-pg-node-" + Guid.NewGuid().ToString("N")), ["sae-a1"], ["sae-b1"], highWatermarkBits: 1L << 20, pbkdf2Iterations: SealSetup.MinPbkdf2Iterations);
        UsePostgres(_network.ConfigA, _prefix + "_a");
        UsePostgres(_network.ConfigB, _prefix + "_b");
        _processes.Add(NodeProcess.Start(Cli, _network.ConfigA));
        _processes.Add(NodeProcess.Start(Cli, _network.ConfigB));

        using HttpClient master = EtsiClients.ForName(_network.UrlA, _network.Pki, "sae-a1", "A");
        using HttpClient slave = EtsiClients.ForName(_network.UrlB, _network.Pki, "sae-b1", "B");
        await Wait.UntilStoredKeysAsync(master, "sae-b1", 64);
        JsonElement enc = await master.GetFromJsonAsync<JsonElement>("api/v1/keys/sae-b1/enc_keys?number=2");
        foreach (JsonElement key in enc.GetProperty("keys").EnumerateArray())
        {
            JsonElement dec = await slave.GetFromJsonAsync<JsonElement>($"api/v1/keys/sae-a1/dec_keys?key_ID={key.GetProperty("key_ID").GetString()}");
            Assert.Equal(key.GetProperty("key").GetString(), dec.GetProperty("keys")[0].GetProperty("key").GetString());
        }

        // A's configuration on another port (the same port would be refused first, for the port): the same schema
        JsonNode config = JsonNode.Parse(File.ReadAllText(_network.ConfigA))!;
        config["listen"] = "127.0.0.1:" + DevelopmentNetwork.FreeLoopbackPorts(1)[0].ToString(System.Globalization.CultureInfo.InvariantCulture);
        string again = Path.Combine(_network.Directory, "a-second.json");
        File.WriteAllText(again, config.ToJsonString());
        NodeProcess second = NodeProcess.Start(Cli, again);
        _processes.Add(second);
        for (int i = 0; i < 600 && !second.HasExited; i++)
        {
            await Task.Delay(100);
        }

        Assert.True(second.HasExited, "a second node on the same store kept running");
        Assert.Contains("Another process holds the key store", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", second.Output, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose()
    {
        foreach (NodeProcess process in _processes)
        {
            process.Dispose();
        }

        if (_network is not null)
        {
            using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_prefix}_a CASCADE; DROP SCHEMA IF EXISTS {_prefix}_b CASCADE;", connection);
            drop.ExecuteNonQuery();
            Directory.Delete(_network.Directory, recursive: true);
        }
    }

    private static void UsePostgres(string configPath, string schema)
    {
        JsonObject config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        JsonObject store = config["store"]!.AsObject();
        store.Remove("path");
        store["kind"] = "postgres";
        store["connection_string"] = PostgresFactAttribute.ConnectionString;
        store["schema"] = schema;
        File.WriteAllText(configPath, config.ToJsonString());
    }
}
