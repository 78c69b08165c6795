using System.Text.Json;

namespace QkdNet.Tests.Cli;

public sealed class SimulateCommandsTests : IDisposable
{
    private const string Network = """
        name: cli ring
        nodes: [ { id: a }, { id: b }, { id: c } ]
        links:
          - { id: ab, a: a, b: b, fibreKm: 10 }
          - { id: bc, a: b, b: c, fibreKm: 10 }
          - { id: ca, a: c, b: a, fibreKm: 10 }
        simulation:
          hours: 2
          demand: { requestsPerUserPerHour: 5, keyBits: 256 }
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"qkdnet-simulate-{Guid.NewGuid():N}");
    private readonly string _file;

    public SimulateCommandsTests()
    {
        Directory.CreateDirectory(_dir);
        _file = Path.Combine(_dir, "ring.yaml");
        File.WriteAllText(_file, Network);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Simulate_Json_HasTheIssuesFields()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("simulate", "--topology", _file, "--users", "50", "--seed", "3", "--json");

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        JsonElement root = doc.RootElement;
        Assert.InRange(root.GetProperty("blocking_probability").GetDouble(), 0, 1);
        Assert.True(root.GetProperty("keys_delivered").GetInt64() > 0);
        Assert.True(root.GetProperty("mean_hops").GetDouble() >= 1);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("bottleneck_links").ValueKind);
        Assert.Equal(50, root.GetProperty("users").GetInt32());
    }

    [Fact]
    public async Task Simulate_Report_WritesAnOfflineIndexWithItsPlots()
    {
        string folder = Path.Combine(_dir, "report");
        var (code, _, stderr) = await CliRunner.RunAsync("simulate", "--topology", _file, "--users", "20", "--report", folder);

        Assert.True(code == 0, stderr);
        string index = File.ReadAllText(Path.Combine(folder, "index.html"));
        foreach (string svg in new[] { "pool-levels.svg", "blocking.svg", "map.svg" })
        {
            Assert.Contains($"src=\"{svg}\"", index, StringComparison.Ordinal);
            Assert.StartsWith("<svg", File.ReadAllText(Path.Combine(folder, svg)), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("http://", index.Replace("http://www.w3.org", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", index, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", index, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sweep_RunsOnePointPerUserCount_InTheGivenOrder()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("simulate", "sweep", "--topology", _file, "--users", "10,40,20", "--parallel", "2", "--json");

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        int[] users = [.. doc.RootElement.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("users").GetInt32())];
        Assert.Equal([10, 40, 20], users);
    }

    [Theory]
    [InlineData("--users", "-5")]
    [InlineData("--hours", "0")]
    [InlineData("--users", "many")]
    public async Task Simulate_BadOption_ExitsWith2AndOneLine(string option, string value)
    {
        var (code, _, stderr) = await CliRunner.RunAsync("simulate", "--topology", _file, option, value);

        Assert.Equal(2, code);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_BadFile_ExitsWith2NamingTheFileAndLine()
    {
        File.WriteAllText(_file, Network.Replace("requestsPerUserPerHour: 5", "requestsPerUserPerHour: -5", StringComparison.Ordinal));

        var (code, _, stderr) = await CliRunner.RunAsync("simulate", "--topology", _file);

        Assert.Equal(2, code);
        Assert.Contains($"{_file}: line 9: 'requestsPerUserPerHour' must be a number >= 0, got -5.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_MissingFile_ExitsWith2()
    {
        var (code, _, stderr) = await CliRunner.RunAsync("simulate", "--topology", Path.Combine(_dir, "nope.yaml"));

        Assert.Equal(2, code);
        Assert.Contains("nope.yaml", stderr, StringComparison.Ordinal);
    }
}
