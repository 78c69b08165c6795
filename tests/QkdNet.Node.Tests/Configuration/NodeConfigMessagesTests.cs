using System.Text.Json.Nodes;
using QkdNet.Cli;
using QkdNet.Node.Configuration;

namespace QkdNet.Node.Tests.Configuration;

/// <summary>
/// What a user reads about a bad <c>node.json</c>: the field, its line counted from 1, and the problem in the user's
/// words (no .NET type names); a preset typo lists the known presets; <c>node --check --json</c> is one object.
/// </summary>
public sealed class NodeConfigMessagesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qkdnet-config-messages-").FullName;

    public NodeConfigMessagesTests()
    {
        foreach (string name in new[] { "a.crt", "a.key", "ca.crt", "passphrase" })
        {
            File.WriteAllText(Path.Combine(_folder, name), "x");
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static JsonObject Config(JsonObject source) => new()
    {
        ["kme_id"] = "A",
        ["listen"] = "127.0.0.1:8443",
        ["store"] = new JsonObject { ["path"] = "a.db" },
        ["tls"] = new JsonObject { ["certificate"] = "a.crt", ["key"] = "a.key", ["ca"] = "ca.crt" },
        ["unseal"] = new JsonObject { ["passphrase_file"] = "passphrase" },
        ["peers"] = new JsonArray(new JsonObject { ["kme_id"] = "B", ["kx_url"] = "https://127.0.0.1:8444" }),
        ["links"] = new JsonArray(new JsonObject { ["id"] = "AB", ["peer"] = "B", ["source"] = source }),
    };

    private Result<NodeSettings> Parse(string json) => NodeConfigLoader.Parse(json, _folder);

    [Fact]
    public void WrongValueType_SaysWhatKindOfValue_WithAOneBasedLine_AndNoDotNetTypeName()
    {
        // one field a line, so the bad value sits on line 4 as an editor counts
        string json = "{\n\"kme_id\": \"A\",\n\"links\": [ { \"id\": \"AB\", \"peer\": \"B\", \"source\": {\n\"distance_km\": \"ten\" } } ]\n}";

        Result<NodeSettings> result = Parse(json);

        Assert.False(result.IsSuccess);
        Assert.Equal("$.links[0].source.distance_km: must be a number (line 4).", result.Error);
    }

    [Fact]
    public void UnknownField_NamesItWithoutTheDotNetType()
    {
        Result<NodeSettings> result = Parse("{\n  \"kme_id\": \"A\",\n  \"colour\": \"blue\"\n}");

        Assert.False(result.IsSuccess);
        Assert.Contains("unknown field 'colour'", result.Error, StringComparison.Ordinal);
        Assert.Contains("(line 3)", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(".NET", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("QkdNet.Node", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void SyntaxError_GivesAOneBasedLine_AndNoZeroBasedPosition()
    {
        Result<NodeSettings> result = Parse("{\n  \"kme_id\": \"A\",\n  \"listen\": nope\n}");

        Assert.False(result.IsSuccess);
        Assert.Contains("(line 3)", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void PresetTypo_ListsTheKnownPresets()
    {
        Result<NodeSettings> result = Parse(Config(new JsonObject { ["kind"] = "simulated", ["preset"] = "gyz" }).ToJsonString());

        Assert.False(result.IsSuccess);
        Assert.Equal("$.links[0].source: unknown preset 'gyz'; known presets: gys, tokyo-2011, toshiba-2018, boaron-2018, micius-2017.", result.Error);
    }

    [Fact]
    public async Task NodeCheck_Json_PrintsOneObject()
    {
        string path = Path.Combine(_folder, "node.json");
        JsonObject config = Config(new JsonObject { ["kind"] = "random" });
        config["development"] = true; // a random link is for development only
        await File.WriteAllTextAsync(path, config.ToJsonString());
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        int code = await CliApp.RunAsync(["node", "--config", path, "--check", "--json"], stdout, stderr);

        Assert.True(code == 0, stderr.ToString());
        JsonNode answer = JsonNode.Parse(stdout.ToString())!;
        Assert.Equal("A", (string?)answer["kme_id"]);
        Assert.True((bool)answer["valid"]!);
    }
}
