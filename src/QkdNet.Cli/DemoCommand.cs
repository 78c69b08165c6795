using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using QkdNet.Cli.Demo;
using QkdNet.Control.Topology;
using QkdNet.Development.Demo;
using QkdNet.Node.Hosting;
using QkdNet.Development.Pki;

namespace QkdNet.Cli;

/// <summary>
/// <c>qkdnet demo [--processes] [--json] [--report DIR] [--dashboard] [--seed S] [--port-base N] [--work-dir DIR]</c>:
/// the finance scenario of the Tokyo QKD Network on an embedded network, with no set-up (<see cref="DemoScenario"/>).
/// </summary>
internal static class DemoCommand
{
    /// <summary>The Tokyo QKD Network topology, built into the command (examples/topologies/tokyo-qkd-network.json).</summary>
    private const string TokyoResource = "tokyo-qkd-network.json";

    /// <summary>The report's folder in the run's folder, the one thing left there after the run.</summary>
    private const string ReportFolder = "report";

    /// <summary>The servers' logs in the run's folder, written only when a step stalled.</summary>
    private const string LogsFolder = "logs";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var processes = new Option<bool>("--processes") { Description = "Run each node, the controller and each share server as its own qkdnet process (default: all in this process)." };
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object on stdout (progress goes to stderr)." };
        var report = new Option<string?>("--report") { Description = "Folder for the HTML report (default: report/ in the run's folder)." };
        var dashboard = new Option<bool>("--dashboard") { Description = "Keep the network running after the scenario and print the dashboard's address; Ctrl+C stops it." };
        var seed = new Option<int>("--seed") { Description = "Seed of the pseudo-data: orders and customers.", DefaultValueFactory = _ => 1 };
        var portBase = new Option<int>("--port-base") { Description = "Listen on consecutive loopback ports from this one (default: free ports the system picks)." };
        var workDir = new Option<string?>("--work-dir") { Description = "Folder under which the run's folder (certificates, stores) is made (default: the system's temporary folder)." };
        var command = new Command("demo", "The Tokyo QKD Network's finance scenario on an embedded network: keys, one-time-pad trading, secret-shared backup, statistics on shares, an attack and its quarantine.");
        foreach (Option option in new Option[] { processes, json, report, dashboard, seed, portBase, workDir })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            NetworkTopology tokyo = Tokyo();
            int ports = DemoDeployment.PortCount(tokyo, 5);
            int first = parse.GetValue(portBase);
            CheckPorts(first, ports);
            if (parse.GetValue(report) is { } reportDirectory)
            {
                ProbeWritable(Path.GetFullPath(reportDirectory), $"cannot write the report in {Path.GetFullPath(reportDirectory)}", "--report DIR");
            }

            string run = RunDirectory(parse.GetValue(workDir));
            var options = new DemoOptions(parse.GetValue(processes), parse.GetValue(report), parse.GetValue(seed), first, run, NodeProcess.CurrentCli());
            bool asJson = parse.GetValue(json);
            DemoView view = DemoView.For(asJson ? stderr : stdout);
            DemoScenario? scenario = null;
            string? logs = null;
            try
            {
                scenario = await StartAsync(options, tokyo, view, first, cancellationToken).ConfigureAwait(false);
                DemoSummary summary = await scenario.RunAsync(cancellationToken).ConfigureAwait(false);
                string page = DemoReport.Write(options.ReportDirectory is { } r ? Path.GetFullPath(r) : Path.Combine(run, ReportFolder), summary, scenario.Recorder, scenario.Orders.LatenciesUs, scenario.AttackWindow);
                summary = summary with { Report = page };
                bool ok = summary.RestoreOk && summary.StatsOk && summary.AttackDetectedSeconds is not null && summary.Rerouted > 0 && summary.Orders > 0;
                if (asJson)
                {
                    await stdout.WriteLineAsync(Json.Serialize(summary)).ConfigureAwait(false);
                }
                else
                {
                    Conclude(view, summary, ok);
                }

                if (parse.GetValue(dashboard))
                {
                    await KeepRunningAsync(asJson ? stderr : stdout, scenario, cancellationToken).ConfigureAwait(false);
                }

                return ok ? 0 : CliApp.Failed;
            }
            catch (DemoStalledException e)
            {
                // what each server said is what tells why: kept in the run's folder, named in the one line
                logs = scenario?.Network.WriteLogs(Path.Combine(run, LogsFolder));
                await stderr.WriteLineAsync($"qkdnet: demo: {e.Message}.{(logs is null ? string.Empty : $" The servers' logs are in {logs}.")}").ConfigureAwait(false);
                return CliApp.Failed;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C or SIGTERM: the finally stops every server (child processes included) and removes the run's folder
                await stderr.WriteLineAsync($"qkdnet: demo: interrupted; stopping every server and removing {run}.").ConfigureAwait(false);
                return CliApp.Interrupted;
            }
            finally
            {
                if (scenario is not null)
                {
                    await scenario.DisposeAsync().ConfigureAwait(false);
                }

                CleanUp(run, logs is null ? [] : [LogsFolder]);
            }
        });
        return command;
    }

    /// <summary>The Tokyo QKD Network, read from the command's own resources.</summary>
    internal static NetworkTopology Tokyo()
    {
        using Stream stream = typeof(DemoCommand).Assembly.GetManifestResourceStream(TokyoResource) ?? throw new InvalidOperationException("the Tokyo topology is missing from the command's resources");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Result<NetworkTopology> topology = TopologyJsonReader.Parse(copy.ToArray());
        return topology.IsSuccess ? topology.Value : throw new InvalidOperationException("the built-in Tokyo topology does not load: " + topology.Error);
    }

    /// <summary>With a port base, every port the demo takes must be free: one line naming the first one taken otherwise.</summary>
    internal static void CheckPorts(int first, int count)
    {
        if (first == 0)
        {
            return;
        }

        if (first < 1024 || first + count - 1 > IPEndPoint.MaxPort)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--port-base must be 1024 to {IPEndPoint.MaxPort - count + 1}: the demo takes {count} consecutive ports from it."));
        }

        for (int port = first; port < first + count; port++)
        {
            ListenProbe.ThrowIfInUse(new IPEndPoint(IPAddress.Loopback, port),
                string.Create(CultureInfo.InvariantCulture, $"--port-base (the demo takes ports {first} to {first + count - 1}; leave it out to let the system pick free ones)"));
        }
    }

    /// <summary>Makes the run's folder under <paramref name="workDir"/> (or the temporary folder); a folder that cannot be written is one line naming it and the option.</summary>
    internal static string RunDirectory(string? workDir)
    {
        string parent = Path.GetFullPath(workDir ?? Path.GetTempPath());
        string run = Path.Combine(parent, "qkdnet-demo-" + Guid.NewGuid().ToString("N")[..12]);
        ProbeWritable(run, $"cannot write in {parent}", $"--work-dir DIR{(workDir is null ? " (or set TMPDIR)" : string.Empty)}; the demo keeps its certificates and stores there");
        return run;
    }

    /// <summary>Creates <paramref name="folder"/> (owner-only) and writes a file in it, or fails with one line: <paramref name="what"/>, the reason, the option that chooses another.</summary>
    private static void ProbeWritable(string folder, string what, string option)
    {
        try
        {
            QkdNet.KeyManagement.Storage.StoreFiles.CreateFolder(folder);
            string probe = Path.Combine(folder, ".qkdnet-demo-probe");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{what} ({e.Message.TrimEnd('.')}): choose a writable folder with {option}.");
        }
    }

    /// <summary>Deletes the run's certificates, stores and configurations, keeping only its report (the whole folder when the report went elsewhere), and the servers' logs after a stall.</summary>
    private static void CleanUp(string run, params string[] keep)
    {
        try
        {
            foreach (string entry in Directory.EnumerateFileSystemEntries(run).Where(e => Path.GetFileName(e) != ReportFolder && !keep.Contains(Path.GetFileName(e))))
            {
                if (Directory.Exists(entry))
                {
                    Directory.Delete(entry, recursive: true);
                }
                else
                {
                    File.Delete(entry);
                }
            }

            if (!Directory.EnumerateFileSystemEntries(run).Any())
            {
                Directory.Delete(run);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a store file still closing: the temporary folder is cleaned by the system
        }
    }

    private static async Task<DemoScenario> StartAsync(DemoOptions options, NetworkTopology tokyo, DemoView view, int portBase, CancellationToken cancellationToken)
    {
        try
        {
            return await DemoScenario.StartAsync(options, tokyo, view, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new DemoStalledException("the network did not start: " + e.Message.TrimEnd('.'));
        }
        catch (Exception e) when (CliFailure.IsAddressInUse(e))
        {
            throw new UsageException($"a port the demo chose was taken by another process as it started ({e.Message.Split('\n')[0].TrimEnd('.')}); run it again, or give free ports with --port-base N{(portBase > 0 ? " (another N)" : string.Empty)}.");
        }
    }

    private static void Conclude(DemoView view, DemoSummary s, bool ok)
    {
        view.Table("summary", ["", ""],
        [
            ["links", string.Join(", ", s.Links.Select(l => $"{l.Id} {l.State}"))],
            ["orders", string.Create(CultureInfo.InvariantCulture, $"{s.Orders} answered of {s.OrdersSent}; round trip p50 {s.RoundTripUs.P50 / 1000:F1} ms, p99 {s.RoundTripUs.P99 / 1000:F1} ms; {s.OrderKeys.OneTimePadMessages} messages under the one-time pad, {s.OrderKeys.AesMessages} under AES")],
            ["secure cloud", s.RestoreOk ? $"restored with {string.Join(" and ", s.Cloud.ServersStopped)} stopped" : "RESTORE FAILED"],
            ["statistics", s.StatsOk ? "match the cleartext; the singling-out query was refused" : "FAILED"],
            ["attack", string.Create(CultureInfo.InvariantCulture, $"{s.AttackedLink} quarantined after {(s.AttackDetectedSeconds is { } d ? $"{d:F1} s" : "- (NOT)")}, {s.Rerouted} relays rerouted, {s.OrdersDuringAttack} orders answered meanwhile, recovered {(s.RecoverySeconds is { } r ? $"after {r:F1} s" : "NOT")}")],
            ["time", string.Create(CultureInfo.InvariantCulture, $"{s.ElapsedSeconds:F1} s ({s.Mode}); {s.Time}")],
        ]);
        view.Line($"report: {s.Report}");
        view.Line(ok ? "demo: every step did what it should." : "demo: a step did not do what it should (see above).");
    }

    /// <summary>--dashboard: the network stays up until Ctrl+C; prints the dashboard's address and the browser certificate.</summary>
    private static async Task KeepRunningAsync(TextWriter output, DemoScenario scenario, CancellationToken cancellationToken)
    {
        DevelopmentRelayNetwork net = scenario.Network.Deployment.Network;
        string pfx = Path.Combine(net.Pki, DevelopmentNetwork.Admin + ".pfx");
        const string password = "qkdnet-demo";
        using (X509Certificate2 admin = X509Certificate2.CreateFromPemFile(Path.Combine(net.Pki, DevelopmentNetwork.Admin + ".crt"), Path.Combine(net.Pki, DevelopmentNetwork.Admin + ".key")))
        {
            await File.WriteAllBytesAsync(pfx, admin.Export(X509ContentType.Pkcs12, password), cancellationToken).ConfigureAwait(false);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(pfx, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        await output.WriteLineAsync($"dashboard: {new Uri(net.ControllerUrl, "dashboard/")}").ConfigureAwait(false);
        await output.WriteLineAsync($"  sign in with the development admin's client certificate {pfx} (password {password}; import it into the browser) and trust {Path.Combine(net.Pki, "ca.crt")}").ConfigureAwait(false);
        await output.WriteLineAsync("  the network keeps running; Ctrl+C stops it.").ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: the caller tears the network down
        }
    }
}
