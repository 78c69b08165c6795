using System.Text.Json.Nodes;
using QkdNet.Node.Configuration;
using QkdNet.Development.Pki;
using QkdNet.Quantum;

namespace QkdNet.Node.Tests.Configuration;

/// <summary>A link source of kind <c>etsi014</c> (a QKD device's ETSI 014 API) in <c>node.json</c>: loads, and every bad field fails with one line naming it.</summary>
public sealed class NodeConfigDeviceSourceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qkdnet-config-device-").FullName;

    public NodeConfigDeviceSourceTests()
    {
        // the loader only checks that the node's own TLS files exist, but reads the device identity's PEM files
        foreach (string name in new[] { "a.crt", "a.key", "ca.crt", "passphrase", "not-pem.crt" })
        {
            File.WriteAllText(Path.Combine(_folder, name), "x");
        }

        DevelopmentPki.Create(Path.Combine(_folder, "device"), ["device-a"], ["node-a", "other"], TimeProvider.System);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static JsonObject Source() => new()
    {
        ["kind"] = "etsi014",
        ["kme_url"] = "https://10.0.0.5:9443/",
        ["kme_id"] = "device-a",
        ["certificate"] = "device/node-a.crt",
        ["key"] = "device/node-a.key",
        ["ca"] = "device/ca.crt",
        ["master_sae"] = "node-a",
        ["slave_sae"] = "node-b",
    };

    /// <summary>A production node (no "development") with one etsi014 link.</summary>
    private static JsonObject Config(JsonObject source) => new()
    {
        ["kme_id"] = "A",
        ["listen"] = "127.0.0.1:8443",
        ["store"] = new JsonObject { ["path"] = "a.db" },
        ["tls"] = new JsonObject { ["certificate"] = "a.crt", ["key"] = "a.key", ["ca"] = "ca.crt" },
        ["unseal"] = new JsonObject { ["passphrase_file"] = "passphrase" },
        ["saes"] = new JsonArray(new JsonObject { ["id"] = "sae-a1" }),
        ["peers"] = new JsonArray(new JsonObject { ["kme_id"] = "B", ["kx_url"] = "https://127.0.0.1:8444", ["saes"] = new JsonArray("sae-b1") }),
        ["links"] = new JsonArray(new JsonObject { ["id"] = "AB", ["peer"] = "B", ["source"] = source }),
    };

    private Result<NodeSettings> Parse(JsonObject source) => NodeConfigLoader.Parse(Config(source).ToJsonString(), _folder);

    [Fact]
    public void DeviceSource_LoadsWithDefaults_OnANodeNotMarkedDevelopment()
    {
        Result<NodeSettings> result = Parse(Source());

        Assert.True(result.IsSuccess, result.Error);
        LinkSourceSettings source = result.Value.Links.Single().Source;
        DeviceSourceSettings device = source.Device!;
        Assert.Equal(KeyOrigin.Quantum, source.Origin);
        Assert.Equal(new Uri("https://10.0.0.5:9443/"), device.Connection.BaseUrl);
        Assert.Equal("device-a", device.Connection.KmeId);
        Assert.Equal(Path.Combine(_folder, "device", "node-a.crt"), device.Connection.CertificatePem);
        Assert.Equal(Path.Combine(_folder, "device", "ca.crt"), device.Connection.CaPem);
        Assert.Equal("node-a", device.MasterSae.Value);
        Assert.Equal("node-b", device.SlaveSae.Value);
        Assert.Equal(256, device.KeySizeBits);
        Assert.Equal(64, device.Batch);
        Assert.Equal(256 * 64, source.BlockBits);
        Assert.Equal(TimeSpan.FromSeconds(1), device.PollInterval);
    }

    /// <summary>The same node as the slave end of its etsi014 link: its KME ID (C) is above the peer's (B).</summary>
    private Result<NodeSettings> ParseAsSlave(JsonObject source)
    {
        JsonObject config = Config(source);
        config["kme_id"] = "C";
        return NodeConfigLoader.Parse(config.ToJsonString(), _folder);
    }

    [Theory]
    [InlineData("key_size_bits", 1024)]
    [InlineData("batch", 16)]
    public void DeviceSource_OnTheSlaveEnd_RefusesABatchShape_NamingTheFieldAndTheMaster(string field, int value)
    {
        JsonObject source = Source();
        source[field] = value;

        Result<NodeSettings> result = ParseAsSlave(source);

        Assert.False(result.IsSuccess);
        Assert.Contains($"$.links[0].source.{field}", result.Error, StringComparison.Ordinal);
        Assert.Contains("slave end (the master is B", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeCommand_SlaveEndWithABatch_ExitsWith2NamingTheFileAndTheField()
    {
        JsonObject source = Source();
        source["batch"] = 16;
        JsonObject config = Config(source);
        config["kme_id"] = "C";
        string path = Path.Combine(_folder, "node-c.json");
        await File.WriteAllTextAsync(path, config.ToJsonString());
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        int code = await QkdNet.Cli.CliApp.RunAsync(["node", "--config", path, "--check"], stdout, stderr);

        Assert.Equal(2, code);
        Assert.StartsWith($"qkdnet: configuration {path}: $.links[0].source.batch: is set only on the link's master end", stderr.ToString().Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DeviceSource_OnTheSlaveEnd_LoadsWithoutAShape_AndTakesTheAnnouncedOne()
    {
        Result<NodeSettings> result = ParseAsSlave(Source());

        Assert.True(result.IsSuccess, result.Error);
        DeviceSourceSettings device = result.Value.Links.Single().Source.Device!;
        Assert.True(device.TakesAnnouncedShape);
        Assert.Equal(0, device.Batch);
    }

    [Fact]
    public void DeviceSource_TakesItsBatchShapePollIntervalAndPin()
    {
        JsonObject source = Source();
        source["key_size_bits"] = 1024;
        source["batch"] = 16;
        source["poll_interval_seconds"] = 0.25;
        source["kme_certificate_sha256"] = new string('a', 64);

        DeviceSourceSettings device = Parse(source).Value.Links.Single().Source.Device!;

        Assert.Equal(1024, device.KeySizeBits);
        Assert.Equal(16, device.Batch);
        Assert.Equal(TimeSpan.FromMilliseconds(250), device.PollInterval);
        Assert.Equal(new string('A', 64), device.Connection.KmeSha256);
    }

    public static TheoryData<string, Action<JsonObject>> BadFields => new()
    {
        { "$.links[0].source.kme_url", s => s["kme_url"] = "http://10.0.0.5:9443/" },
        { "$.links[0].source.kme_url", s => s.Remove("kme_url") },
        { "$.links[0].source.kme_id", s => s.Remove("kme_id") },
        { "$.links[0].source.kme_certificate_sha256", s => s["kme_certificate_sha256"] = "abc" },
        { "$.links[0].source.certificate", s => s["certificate"] = "missing.crt" },
        { "$.links[0].source.key", s => s.Remove("key") },
        { "$.links[0].source.ca", s => s["ca"] = "missing-ca.crt" },
        { "$.links[0].source.ca", s => s["ca"] = "not-pem.crt" },
        { "$.links[0].source.certificate", s => s["certificate"] = "not-pem.crt" },
        { "$.links[0].source.certificate", s => s["key"] = "device/other.key" }, // another certificate's key
        { "$.links[0].source.master_sae", s => s["master_sae"] = "not an id!" },
        { "$.links[0].source.slave_sae", s => s.Remove("slave_sae") },
        { "$.links[0].source.slave_sae", s => s["slave_sae"] = "node-a" },
        { "$.links[0].source.key_size_bits", s => s["key_size_bits"] = 12 },
        { "$.links[0].source.key_size_bits", s => s["key_size_bits"] = 0 },
        { "$.links[0].source.batch", s => s["batch"] = 0 },
        { "$.links[0].source.batch", s => { s["key_size_bits"] = 64; s["batch"] = 2; } }, // 128-bit blocks cannot hold a 256-bit pool key
        { "$.links[0].source.poll_interval_seconds", s => s["poll_interval_seconds"] = 0 },
        { "$.links[0].source.preset", s => s["preset"] = "gys" },
        { "$.links[0].source.block_bits", s => s["block_bits"] = 1024 },
        { "$.links[0].source.probe_interval_seconds", s => s["probe_interval_seconds"] = 5 },
        { "$.links[0].source.kme_url", s => s["kind"] = "random" }, // a device field on another kind
        { "$.links[0].source.kind", s => s["kind"] = "etsi-014" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public void BadField_FailsWithOneLineNamingTheField(string field, Action<JsonObject> spoil)
    {
        JsonObject source = Source();
        spoil(source);

        Result<NodeSettings> result = Parse(source);

        Assert.False(result.IsSuccess);
        Assert.StartsWith(field + ":", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.Error!);
    }
}
