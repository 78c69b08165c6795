using System.Diagnostics;
using QkdNet.Node.Tests.Support;

namespace QkdNet.Node.Tests.Ci;

/// <summary>
/// <c>.ci/postgres.sh</c>, run against fake PostgreSQL tools on <c>PATH</c> that log their calls: it stops the cluster
/// it started and leaves one it found running; when it cannot have a server it keeps the reason for <c>.ci/run</c>
/// to print next to the skipped count.
/// </summary>
[Trait("Category", "Process")]
public sealed class PostgresScriptTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qkdnet-ci-postgres-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ClusterFoundDown_IsStartedForTheTests_AndStoppedAfter()
    {
        string calls = await RunAsync(clusterStatus: "down");

        Assert.Contains("pg_ctlcluster 15 main start", calls, StringComparison.Ordinal);
        Assert.Contains("pg_ctlcluster 15 main stop", calls, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClusterFoundRunning_IsLeftRunning()
    {
        string calls = await RunAsync(clusterStatus: "online");

        Assert.DoesNotContain("pg_ctlcluster", calls, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoWayToAServer_KeepsTheReasonForTheSummary()
    {
        string output = await RunAsync(clusterStatus: "online", root: false);

        Assert.Contains("reason=not root and no sudo", output, StringComparison.Ordinal);
    }

    /// <summary>Sources the script as .ci/run does, then stops what it started; returns the tools' call log and the reason.</summary>
    private async Task<string> RunAsync(string clusterStatus, bool root = true)
    {
        string bin = Path.Combine(_folder, "bin"), log = Path.Combine(_folder, "calls.log");
        Directory.CreateDirectory(Path.Combine(_folder, "usr-lib-postgresql", "15"));
        var tools = new Dictionary<string, string>
        {
            ["id"] = $"echo {(root ? 0 : 1000)}",
            ["sudo"] = "exit 1",
            ["su"] = "cat > /dev/null",
            ["pg_ctlcluster"] = $"echo \"pg_ctlcluster $*\" >> '{log}'",
            ["pg_lsclusters"] = $"echo '15 main 5432 {clusterStatus} postgres /var/lib/postgresql/15/main /var/log/postgresql/postgresql-15-main.log'",
            ["pg_createcluster"] = "exit 0",
            ["pg_isready"] = "exit 0",
            ["ls"] = "echo 15",
        };
        Directory.CreateDirectory(bin);
        foreach ((string name, string body) in tools)
        {
            string path = Path.Combine(bin, name);
            await File.WriteAllTextAsync(path, "#!/bin/sh\n" + body + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        await File.WriteAllTextAsync(log, string.Empty);
        var start = new ProcessStartInfo("bash") { WorkingDirectory = Repository.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("source .ci/postgres.sh; stop_postgres; echo \"reason=$POSTGRES_SKIPPED\"");
        start.Environment["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        start.Environment.Remove("QKDNET_TEST_POSTGRES");
        using System.Diagnostics.Process bash = System.Diagnostics.Process.Start(start)!;
        Task<string> stdout = bash.StandardOutput.ReadToEndAsync();
        Task<string> stderr = bash.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await bash.WaitForExitAsync(limit.Token);
        return await File.ReadAllTextAsync(log) + await stdout + await stderr;
    }
}
