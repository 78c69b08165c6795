using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using QkdNet.Cli;
using QkdNet.Node.Tests.Network;

namespace QkdNet.Node.Tests.Cli;

/// <summary>
/// <c>qkdnet demo</c>: bad input is one line and exit 2 before anything starts; and the whole scenario, in this
/// process, with <c>--json</c>, ends with every step done (a multi-minute process test, alone in its collection).
/// </summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qkdnet-demo-tests-" + Guid.NewGuid().ToString("N"));

    public DemoCommandTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public async Task PortBaseWithATakenPort_Exits2NamingThePortAndTheOption_AndStartsNothing()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        int taken = ((IPEndPoint)holder.LocalEndpoint).Port;
        // the taken port is the first of the demo's range: the demo checks its ports in order, so the one it names is this
        // test's, never a port below it that another process on the machine happens to hold at that moment
        int portBase = taken;
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        int code = await CliApp.RunAsync(["demo", "--port-base", portBase.ToString(System.Globalization.CultureInfo.InvariantCulture), "--work-dir", _directory], stdout, stderr);

        Assert.Equal(CliApp.BadInput, code);
        string error = stderr.ToString();
        Assert.Contains($"127.0.0.1:{taken}", error, StringComparison.Ordinal);
        Assert.Contains("--port-base", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }

    [Fact]
    public async Task WorkDirThatCannotBeWritten_Exits2NamingTheFolderAndTheOption()
    {
        // a folder under a regular file cannot be made, whoever runs the test (root included)
        string file = Path.Combine(_directory, "a-file");
        await File.WriteAllTextAsync(file, "not a folder");
        string workDir = Path.Combine(file, "demo");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        int code = await CliApp.RunAsync(["demo", "--work-dir", workDir], stdout, stderr);

        Assert.Equal(CliApp.BadInput, code);
        string error = stderr.ToString();
        Assert.Contains(workDir, error, StringComparison.Ordinal);
        Assert.Contains("--work-dir", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task ReportFolderThatCannotBeWritten_Exits2BeforeTheRun()
    {
        string file = Path.Combine(_directory, "a-file");
        await File.WriteAllTextAsync(file, "not a folder");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        int code = await CliApp.RunAsync(["demo", "--report", Path.Combine(file, "report"), "--work-dir", _directory], stdout, stderr);

        Assert.Equal(CliApp.BadInput, code);
        Assert.Contains("--report", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.EnumerateDirectories(_directory), d => Path.GetFileName(d).StartsWith("qkdnet-demo-", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // the OS cleans the temp folder
        }
    }
}

/// <summary>The whole demo in this process: real KMEs, controller and share servers on loopback, the five steps, the JSON summary and the report.</summary>
[Trait("Category", "Process")]
[Collection(RelayNetworkFixture.Collection)]
public sealed class DemoEndToEndProcessTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qkdnet-demo-e2e-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task DemoInProcess_Json_RestoresTheBackup_RefusesTheSinglingOutQuery_QuarantinesTheAttackedLink_AndReroutes()
    {
        string report = Path.Combine(_directory, "report");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        int code = await CliApp.RunAsync(["demo", "--json", "--seed", "7", "--work-dir", _directory, "--report", report], stdout, stderr);

        Assert.True(code == 0, $"exit {code}\n{stderr}\n{stdout}");
        using JsonDocument summary = JsonDocument.Parse(stdout.ToString());
        JsonElement s = summary.RootElement;
        Assert.True(s.GetProperty("restore_ok").GetBoolean());
        Assert.True(s.GetProperty("stats_ok").GetBoolean());
        Assert.True(s.GetProperty("stats").GetProperty("singling_out_refused").GetBoolean());
        // on the statistics servers (cloud stats-server), with pairwise keys from QKD
        Assert.Equal(["s1", "s2", "s3"], s.GetProperty("stats").GetProperty("servers").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("qkd", s.GetProperty("stats").GetProperty("pairwise_keys").GetString());
        Assert.True(s.GetProperty("attack_detected_seconds").GetDouble() > 0);
        Assert.True(s.GetProperty("rerouted").GetInt64() > 0);
        Assert.True(s.GetProperty("orders").GetInt64() > 0);
        Assert.True(s.GetProperty("round_trip_us").GetProperty("p50").GetDouble() > 0);
        Assert.Equal(4, s.GetProperty("links").GetArrayLength());
        Assert.Equal("otemachi-hongo", s.GetProperty("attacked_link").GetString());
        string page = await File.ReadAllTextAsync(Path.Combine(report, "index.html"));
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.Contains("attack on", page, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", page.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        // the run's certificates and stores are gone; only the report remains
        Assert.Equal([report], Directory.EnumerateFileSystemEntries(_directory));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // the OS cleans the temp folder
        }
    }
}
