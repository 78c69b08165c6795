using System.Text.Json;
using QkdNet.Tests.Control.Support;

namespace QkdNet.Tests.Cli;

/// <summary>
/// <c>--json</c> wherever the README promises it, one object that any JSON reader takes: numbers that are not finite
/// are null (never the strings "NaN" or "Infinity"), with a field saying what the nulls mean.
/// </summary>
public sealed class JsonOutputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qkdnet-json-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task PkiInit_Json_PrintsTheFilesAsOneObject_AndWritesNoFileNamedAfterTheOption()
    {
        string pki = Path.Combine(_directory, "pki");

        var (code, stdout, stderr) = await CliRunner.RunAsync("pki", "init", "--out", pki, "--kme", "X", "--json");

        Assert.True(code == 0, stderr);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        Assert.Contains(Path.Combine(pki, "X.crt"), doc.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        Assert.False(File.Exists(Path.Combine(pki, "--json.crt")));
    }

    [Fact]
    public async Task PkiInit_NameThatLooksLikeAnOption_IsRefused()
    {
        var (code, _, stderr) = await CliRunner.RunAsync("pki", "init", "--out", Path.Combine(_directory, "pki"), "--kme", "X", "--kme", "-oops");

        Assert.Equal(2, code);
        Assert.Contains("'-oops' is not a usable name", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sweep_Json_HasNullsNotNaNStrings_AndSaysWhatTheyMean()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("link", "sweep", "--to-km", "250", "--step-km", "50", "--out", Path.Combine(_directory, "rate.svg"), "--json");

        Assert.True(code == 0, stderr);
        Assert.DoesNotContain("NaN", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", stdout, StringComparison.Ordinal);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        JsonElement first = doc.RootElement.GetProperty("rows")[0];
        Assert.Equal(JsonValueKind.Null, first.GetProperty("plob").ValueKind);
        Assert.Contains("PLOB", doc.RootElement.GetProperty("null_means").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateFinite_Json_HasNullSinglePhotonGain_AndANote()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("link", "rate", "--distance-km", "25", "--decoy", "finite", "--json");

        Assert.True(code == 0, stderr);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("single_photon_gain").ValueKind);
        Assert.Contains("single_photon_gain", doc.RootElement.GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevNetwork_Json_PrintsEveryNodeWithItsPortAndCommand()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("controller", "dev-network", "--topology", ExampleTopologies.PathOf("tokyo-qkd-network.json"), "--out", Path.Combine(_directory, "net"), "--json");

        Assert.True(code == 0, stderr);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        JsonElement koganei = doc.RootElement.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("name").GetString() == "koganei");
        Assert.StartsWith("qkdnet node --config ", koganei.GetProperty("command").GetString(), StringComparison.Ordinal);
        Assert.True(koganei.GetProperty("port").GetInt32() > 0);
    }

    [Fact]
    public async Task LinkAttack_AcceptsJson()
    {
        // the option parses; with no certificate the command stops at its own check, not at the parser
        var (code, _, stderr) = await CliRunner.RunAsync("link", "attack", "--node", "https://127.0.0.1:9", "--kme", "A", "--link", "AB", "--eve", "none", "--pki", _directory, "--json");

        Assert.Equal(2, code);
        Assert.Contains("no such file", stderr, StringComparison.Ordinal);
    }
}
