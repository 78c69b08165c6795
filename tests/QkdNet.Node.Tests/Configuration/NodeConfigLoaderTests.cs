using System.Text.Json.Nodes;
using QkdNet.Cli;
using QkdNet.Node.Configuration;

namespace QkdNet.Node.Tests.Configuration;

/// <summary>
/// <see cref="NodeConfigLoader"/>: a valid file loads; every bad field fails with one line that starts with the
/// field's JSON path; <c>qkdnet node</c> turns a bad file into exit code 2 with that line on stderr.
/// </summary>
public sealed class NodeConfigLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qkdnet-config-").FullName;

    public NodeConfigLoaderTests()
    {
        // the loader only checks that the TLS files exist; their content is read when the host starts
        foreach (string name in new[] { "a.crt", "a.key", "ca.crt", "passphrase" })
        {
            File.WriteAllText(Path.Combine(_folder, name), "x");
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private const string OpsPin = "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF";

    private static JsonObject ValidConfig() => new()
    {
        ["kme_id"] = "A",
        ["listen"] = "127.0.0.1:8443",
        ["development"] = true,
        ["store"] = new JsonObject { ["path"] = "a.db" },
        ["tls"] = new JsonObject { ["certificate"] = "a.crt", ["key"] = "a.key", ["ca"] = "ca.crt" },
        ["unseal"] = new JsonObject { ["passphrase_file"] = "passphrase" },
        ["saes"] = new JsonArray(new JsonObject { ["id"] = "sae-a1" }, new JsonObject { ["id"] = "sae-a2" }),
        ["admins"] = new JsonArray(new JsonObject { ["name"] = "ops", ["certificate_sha256"] = OpsPin }),
        ["peers"] = new JsonArray(new JsonObject { ["kme_id"] = "B", ["kx_url"] = "https://127.0.0.1:8444", ["saes"] = new JsonArray("sae-b1") }),
        ["links"] = new JsonArray(new JsonObject { ["id"] = "AB", ["peer"] = "B", ["source"] = new JsonObject { ["kind"] = "random" } }),
    };

    private Result<NodeSettings> Parse(JsonObject config) => NodeConfigLoader.Parse(config.ToJsonString(), _folder);

    [Fact]
    public void ValidFile_LoadsWithDefaultsAndPathsFromTheFilesFolder()
    {
        Result<NodeSettings> result = Parse(ValidConfig());

        Assert.True(result.IsSuccess, result.Error);
        NodeSettings settings = result.Value;
        Assert.Equal("A", settings.KmeId.Value);
        Assert.Equal(Path.Combine(_folder, "a.db"), settings.Store.Path);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.Store.ReservationLifetime);
        Assert.Equal(Path.Combine(_folder, "passphrase"), settings.Unseal.PassphraseFile);
        Assert.Equal(2, settings.Saes.Count);
        Assert.Single(settings.Links);
    }

    public static TheoryData<string, Action<JsonObject>> BadFields => new()
    {
        { "$.kme_id", c => c["kme_id"] = "not an id!" },
        { "$.listen", c => c["listen"] = "localhost" },
        { "$.listen", c => c["listen"] = "127.0.0.1:0" },
        { "$.log_level", c => c["log_level"] = "loud" },
        { "$.store", c => c.Remove("store") },
        { "$.store.path", c => c["store"]!.AsObject().Remove("path") },
        { "$.store.reservation_lifetime_seconds", c => c["store"]!["reservation_lifetime_seconds"] = 0 },
        { "$.store.sweep_interval_seconds", c => c["store"]!["sweep_interval_seconds"] = -1 },
        { "$.store.max_keys_per_request", c => c["store"]!["max_keys_per_request"] = 0 },
        { "$.store.max_key_size_bits", c => c["store"]!["max_key_size_bits"] = 100 },
        { "$.store.max_sae_id_count", c => c["store"]!["max_sae_id_count"] = 255 },
        { "$.store", c => c["store"]!["low_watermark_bits"] = -1 },
        { "$.tls", c => c.Remove("tls") },
        { "$.tls.certificate", c => c["tls"]!["certificate"] = "missing.crt" },
        { "$.tls.ca", c => c["tls"]!.AsObject().Remove("ca") },
        { "$.unseal.pbkdf2_iterations", c => c["unseal"]!["pbkdf2_iterations"] = 1 },
        { "$.unseal.share_threshold", c => { c["unseal"]!["share_count"] = 3; c["unseal"]!["share_threshold"] = 4; } },
        { "$.unseal.shares_out", c => { c["unseal"]!["share_count"] = 3; c["unseal"]!["share_threshold"] = 2; } },
        { "$.unseal.passphrase_env", c => c["unseal"]!["passphrase_env"] = string.Empty },
        { "$.unseal.passphrase_file", c => c["unseal"]!["passphrase_file"] = "missing" },
        { "$.saes[0].id", c => c["saes"]![0]!["id"] = "bad sae" },
        { "$.saes[1].id", c => c["saes"]![1]!["id"] = "sae-a1" },
        { "$.saes[0].certificate_sha256", c => c["saes"]![0]!["certificate_sha256"] = "abc" },
        { "$.saes", c => c["saes"]![0]!["id"] = "A" },
        { "$.peers[0].kme_id", c => c["peers"]![0]!["kme_id"] = "A" },
        { "$.peers[0].kx_url", c => c["peers"]![0]!["kx_url"] = "http://127.0.0.1:8444" },
        { "$.peers[0].saes[0]", c => c["peers"]![0]!["saes"]![0] = "sae-a1" },
        { "$.admins[0]", c => c["admins"]![0] = "ops" },
        { "$.admins[0].name", c => c["admins"]![0]!["name"] = "sae-a1" },
        { "$.admins[0].name", c => c["admins"]![0]!["name"] = "bad name" },
        { "$.admins[0].certificate_sha256", c => c["admins"]![0]!["certificate_sha256"] = "abc" },
        { "$.admins[0]", c => c["admins"]![0]!.AsObject().Remove("certificate_sha256") },
        { "$.admins[0]", c => c["admins"]![0]!["certificate"] = "ops.crt" },
        { "$.admins[0].certificate", c => { c["admins"]![0]!.AsObject().Remove("certificate_sha256"); c["admins"]![0]!["certificate"] = "missing.crt"; } },
        { "$.links[0].source.kind", c => c.Remove("development") },
        { "$.links[0].source.kind", c => c["development"] = false },
        { "$.links[0].source.kind", c => { c.Remove("development"); c["links"]![0]!["source"] = new JsonObject { ["kind"] = "simulated" }; } },
        { "$.links[0].id", c => c["links"]![0]!["id"] = string.Empty },
        { "$.links[0].peer", c => c["links"]![0]!["peer"] = "C" },
        { "$.links[0].source.kind", c => c["links"]![0]!["source"]!["kind"] = "laser" },
        { "$.links[0].source", c => c["links"]![0]!["source"]!["block_bits"] = 12 },
        { "$.listen", c => c["listen"] = 8443 },
        { "$.store.max_keys_per_request", c => c["store"]!["max_keys_per_request"] = "many" },
        { "$.store.kind", c => c["store"]!["kind"] = "oracle" },
        { "$.store.kind", c => c["store"]!["connection_string"] = "Host=db" },
        { "$.store.path", c => c["store"] = PostgresStore(("path", "a.db")) },
        { "$.store.connection_string", c => c["store"] = new JsonObject { ["kind"] = "postgres" } },
        { "$.store.connection_string", c => c["store"] = PostgresStore(("connection_string", "Hots=db")) },
        { "$.store.schema", c => c["store"] = PostgresStore(("schema", "Node A")) },
        { "$.store.schema", c => { c["kme_id"] = new string('k', 60); c["store"] = PostgresStore(); } },
    };

    [Fact]
    public void DevelopmentNode_LoadsItsRandomLink_AndIsMarkedDevelopment()
    {
        Result<NodeSettings> result = Parse(ValidConfig());

        Assert.True(result.IsSuccess, result.Error);
        Assert.True(result.Value.Development);
        Assert.Equal(Quantum.KeyOrigin.Synthetic, result.Value.Links[0].Source.Origin);
    }

    [Theory]
    [InlineData("random", "synthetic")]
    [InlineData("simulated", "simulation")]
    public void NodeNotMarkedDevelopment_RefusesALinkWithoutQuantumOrigin(string kind, string named)
    {
        JsonObject config = ValidConfig();
        config.Remove("development");
        config["links"]![0]!["source"] = new JsonObject { ["kind"] = kind };

        Result<NodeSettings> result = Parse(config);

        Assert.False(result.IsSuccess);
        Assert.StartsWith("$.links[0].source.kind:", result.Error, StringComparison.Ordinal);
        Assert.Contains(named, result.Error, StringComparison.Ordinal);
        Assert.Contains("\"development\": true", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void NodeNotMarkedDevelopment_WithoutLinks_Loads()
    {
        JsonObject config = ValidConfig();
        config.Remove("development");
        config.Remove("links");

        Result<NodeSettings> result = Parse(config);

        Assert.True(result.IsSuccess, result.Error);
        Assert.False(result.Value.Development);
    }

    [Fact]
    public void AdminNamedWithoutPin_FailsSayingAdminsArePinned()
    {
        JsonObject config = ValidConfig();
        config["admins"] = new JsonArray("ops");

        Result<NodeSettings> result = Parse(config);

        Assert.False(result.IsSuccess);
        Assert.StartsWith("$.admins[0]:", result.Error, StringComparison.Ordinal);
        Assert.Contains("certificate_sha256", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AdminPinnedByThumbprint_IsKeptInUpperCase()
    {
        JsonObject config = ValidConfig();
        config["admins"]![0]!["certificate_sha256"] = OpsPin.ToLowerInvariant();

        Result<NodeSettings> result = Parse(config);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(new AdminSettings("ops", OpsPin), Assert.Single(result.Value.Admins));
    }

    [Fact]
    public void AdminPinnedByCertificateFile_TakesThatCertificatesThumbprint()
    {
        string pki = Path.Combine(_folder, "pki");
        QkdNet.Development.Pki.DevelopmentPki.Create(pki, ["A"], ["ops"], TimeProvider.System);
        JsonObject config = ValidConfig();
        config["admins"] = new JsonArray(new JsonObject { ["name"] = "ops", ["certificate"] = "pki/ops.crt" });

        Result<NodeSettings> result = Parse(config);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(QkdNet.Development.Pki.DevelopmentPki.Sha256Of(pki, "ops"), Assert.Single(result.Value.Admins).CertificateSha256);
    }

    private static JsonObject PostgresStore(params (string Name, string Value)[] fields)
    {
        var store = new JsonObject { ["kind"] = "postgres", ["connection_string"] = "Host=db;Database=qkdnet;Username=qkdnet;Password=secret" };
        foreach ((string name, string value) in fields)
        {
            store[name] = value;
        }

        return store;
    }

    [Fact]
    public void PostgresStore_LoadsWithASchemaNamedAfterTheKme_AndNeverShowsTheConnectionString()
    {
        JsonObject config = ValidConfig();
        config["kme_id"] = "Tokyo-1.a";
        config["store"] = PostgresStore();

        Result<NodeSettings> result = Parse(config);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal("qkdnet_tokyo_1_a", result.Value.Store.Postgres!.Schema);
        Assert.Equal(string.Empty, result.Value.Store.Path);
        Assert.DoesNotContain("secret", result.Value.Store.Postgres.ToString(), StringComparison.Ordinal);
        Assert.Null(Parse(ValidConfig()).Value.Store.Postgres);
    }

    [Theory]
    [MemberData(nameof(BadFields))]
    public void BadField_FailsWithOneLineNamingTheField(string field, Action<JsonObject> spoil)
    {
        JsonObject config = ValidConfig();
        spoil(config);

        Result<NodeSettings> result = Parse(config);

        Assert.False(result.IsSuccess);
        Assert.False(result.IsSuccess);
        Assert.StartsWith(field + ":", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.Error!);
    }

    [Fact]
    public void UnknownField_FailsAndNamesIt()
    {
        JsonObject config = ValidConfig();
        config["store"]!["colour"] = "blue";

        Result<NodeSettings> result = Parse(config);

        Assert.False(result.IsSuccess);
        Assert.Contains("colour", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    public void NotAJsonObject_FailsWithoutThrowing(string json)
    {
        Result<NodeSettings> result = NodeConfigLoader.Parse(json, _folder);

        Assert.False(result.IsSuccess);
        Assert.StartsWith("$", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile_FailsNamingThePath()
    {
        string path = Path.Combine(_folder, "absent.json");

        Result<NodeSettings> result = NodeConfigLoader.Load(path);

        Assert.False(result.IsSuccess);
        Assert.Contains(path, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeCommand_BadConfiguration_ExitsWith2AndNamesTheField()
    {
        JsonObject config = ValidConfig();
        config["store"]!["max_keys_per_request"] = 5000;
        string path = Path.Combine(_folder, "node.json");
        await File.WriteAllTextAsync(path, config.ToJsonString());
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        int code = await CliApp.RunAsync(["node", "--config", path], stdout, stderr);

        Assert.Equal(CliApp.BadInput, code);
        Assert.Equal(2, code);
        Assert.Equal($"qkdnet: configuration {path}: $.store.max_keys_per_request: must be from 1 to 4096.", stderr.ToString().Trim());
        Assert.Empty(stdout.ToString());
    }

    [Fact]
    public async Task NodeCommand_CheckOfAValidConfiguration_Exits0WithoutStarting()
    {
        string path = Path.Combine(_folder, "node.json");
        await File.WriteAllTextAsync(path, ValidConfig().ToJsonString());
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        int code = await CliApp.RunAsync(["node", "--config", path, "--check"], stdout, stderr);

        Assert.Equal(0, code);
        Assert.Empty(stderr.ToString());
    }
}
