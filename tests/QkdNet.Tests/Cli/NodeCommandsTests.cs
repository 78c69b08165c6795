using System.Text.Json.Nodes;
using QkdNet.KeyManagement.Storage;
using QkdNet.Development.Pki;

namespace QkdNet.Tests.Cli;

/// <summary><c>node --check</c> finds what start-up would: a store it cannot open, a passphrase it will not find.</summary>
public sealed class NodeCommandsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qkdnet-node-cli-" + Guid.NewGuid().ToString("N"));
    private readonly DevelopmentNetwork _network;

    public NodeCommandsTests() => _network = DevelopmentNetwork.Create(_directory, ["sae-a1"], ["sae-b1"]);

    [Fact]
    public async Task Check_StoreInAFolderNotYetMade_Passes_AndCreatesNothing()
    {
        Edit(config => config["store"]!["path"] = "data/a.db");

        var (code, _, stderr) = await CliRunner.RunAsync("node", "--config", _network.ConfigA, "--check");

        Assert.True(code == 0, stderr);
        Assert.False(Directory.Exists(Path.Combine(_directory, "data")));
    }

    [Fact]
    public async Task Check_StoreUnderAFile_FailsWithOneLine()
    {
        Edit(config => config["store"]!["path"] = "passphrase/a.db");

        var (code, _, stderr) = await CliRunner.RunAsync("node", "--config", _network.ConfigA, "--check");

        Assert.Equal(2, code);
        Assert.StartsWith("qkdnet: key store: cannot create the key store ", stderr, StringComparison.Ordinal);
        Assert.Contains($"{Path.Combine(_directory, "passphrase")} is a file, not a folder.", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Check_StoreHeldByAnotherOpener_FailsNamingIt()
    {
        await using SqliteKeyStore held = SqliteKeyStore.Open(new SqliteKeyStoreOptions { Path = Path.Combine(_directory, "a.db") }, TimeProvider.System);

        var (code, _, stderr) = await CliRunner.RunAsync("node", "--config", _network.ConfigA, "--check");

        Assert.Equal(2, code);
        Assert.Contains($"in use by process {Environment.ProcessId}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_PassphraseVariableNotSet_WarnsNamingIt()
    {
        string variable = "QKDNET_TEST_UNSET_" + Guid.NewGuid().ToString("N");
        Edit(config => config["unseal"] = new JsonObject { ["passphrase_env"] = variable, ["initialize"] = true });

        var (code, stdout, stderr) = await CliRunner.RunAsync("node", "--config", _network.ConfigA, "--check");

        Assert.True(code == 0, stderr);
        Assert.Contains($"the environment variable {variable} (unseal.passphrase_env) is not set", stdout, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void Edit(Action<JsonNode> change)
    {
        JsonNode config = JsonNode.Parse(File.ReadAllText(_network.ConfigA))!;
        change(config);
        File.WriteAllText(_network.ConfigA, config.ToJsonString());
    }
}
