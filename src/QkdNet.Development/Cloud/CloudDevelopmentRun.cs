using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using QkdNet.Node.Hosting;
using QkdNet.Development.Pki;

using QkdNet.Node.Cloud;

namespace QkdNet.Development.Cloud;

/// <summary>
/// The processes of a <see cref="CloudDevelopmentSetup"/>: KMEs A and B and one <c>share-server</c> per data server,
/// each a child process of the <c>qkdnet</c> command. Disposing kills them all.
/// </summary>
public sealed class CloudDevelopmentRun : IDisposable
{
    private readonly string _cli;
    private readonly NodeProcess[] _kmes;
    private readonly NodeProcess?[] _servers;

    private CloudDevelopmentRun(CloudDevelopmentSetup setup, string cli, NodeProcess[] kmes, NodeProcess?[] servers)
    {
        Setup = setup;
        _cli = cli;
        _kmes = kmes;
        _servers = servers;
    }

    /// <summary>The files.</summary>
    public CloudDevelopmentSetup Setup { get; }

    /// <summary>Everything the server process <paramref name="index"/> wrote.</summary>
    public string ServerOutput(int index) => _servers[index]?.Output ?? string.Empty;

    /// <summary>Everything the KMEs wrote.</summary>
    public string KmeOutput => string.Join('\n', _kmes.Select(k => k.Output));

    /// <summary>CPU time (user + system) the running share-server processes have used so far.</summary>
    public TimeSpan ServersProcessorTime => Sum(_servers.Where(s => s is { HasExited: false })!);

    /// <summary>CPU time (user + system) the KME processes have used so far.</summary>
    public TimeSpan KmesProcessorTime => Sum(_kmes.Where(k => !k.HasExited));

    /// <summary>Starts the KMEs and the servers and waits (up to <paramref name="timeout"/>) until keys flow and every server listens.</summary>
    public static async Task<CloudDevelopmentRun> StartAsync(CloudDevelopmentSetup setup, string cli, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setup);
        NodeProcess[] kmes = [NodeProcess.Start(cli, setup.Network.ConfigA, ShareServerEnvironment), NodeProcess.Start(cli, setup.Network.ConfigB, ShareServerEnvironment)];
        var run = new CloudDevelopmentRun(setup, cli, kmes, new NodeProcess?[setup.ServerNames.Count]);
        try
        {
            for (int i = 0; i < setup.ServerNames.Count; i++)
            {
                run.StartServer(i);
            }

            var clock = Stopwatch.StartNew();
            await run.WaitForKeysAsync(clock, timeout, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < setup.ServerNames.Count; i++)
            {
                await run.WaitForServerAsync(i, clock, timeout, cancellationToken).ConfigureAwait(false);
            }

            return run;
        }
        catch
        {
            run.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The runtime settings a share server runs under: tiered compilation off (<c>DOTNET_TieredCompilation=0</c>), as for a
    /// deployed data server. Such a server lives for months, so compiling each method once, fully optimised, at its first
    /// call costs it nothing; with tiering on, a server re-compiles the framework's and its own hot methods (tier 0, then an
    /// instrumented tier, then tier 1) while its first large shares stream in: measured with <c>cloud bench</c> after the
    /// warm-up, five servers spent 4.6 CPU s on a 100 MB put with tiering on, 3.4 with tiered PGO off and 2.3 with tiering
    /// off (docs/PERFORMANCE.md, issue 12). The run's two KMEs, as long-lived, run under the same settings: with tiering on
    /// they spent 0.14 to 0.99 CPU s of a timed put (47 % of their samples in the JIT, 27 % in the runtime, after the
    /// warm-up), 0.02 to 0.14 with it off (docs/PERFORMANCE.md, branch <c>cloud2</c>).
    /// </summary>
    public static IReadOnlyDictionary<string, string?> ShareServerEnvironment { get; } = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["DOTNET_TieredCompilation"] = "0",
    };

    /// <summary>Starts (again) the server process <paramref name="index"/>; its store is kept between runs.</summary>
    public void StartServer(int index)
    {
        _servers[index]?.Dispose();
        _servers[index] = NodeProcess.StartCommand(_cli, ShareServerEnvironment, "share-server", "--config", Setup.ServerConfigs[index]);
    }

    /// <summary>Kills the server process <paramref name="index"/> (SIGKILL).</summary>
    public void KillServer(int index) => _servers[index]?.KillHard();

    /// <summary>Waits until server <paramref name="index"/> accepts connections.</summary>
    public Task WaitForServerAsync(int index, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForServerAsync(index, Stopwatch.StartNew(), timeout, cancellationToken);

    private async Task WaitForServerAsync(int index, Stopwatch clock, TimeSpan timeout, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_servers[index] is { HasExited: true } exited)
            {
                throw new InvalidOperationException($"share server {Setup.ServerNames[index]} exited: {exited.Output}");
            }

            try
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync(IPAddress.Loopback, Setup.ServerPorts[index], cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (clock.Elapsed < timeout)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task WaitForKeysAsync(Stopwatch clock, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using HttpClient owner = EtsiClients.ForName(Setup.Network.UrlA, Setup.Network.Pki, CloudDevelopmentSetup.Owner, "A");
        while (true)
        {
            try
            {
                JsonElement status = await owner.GetFromJsonAsync<JsonElement>($"api/v1/keys/{Setup.ServerNames[0]}/status", cancellationToken).ConfigureAwait(false);
                if (status.GetProperty("stored_key_count").GetInt64() >= 1024)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not up yet
            }

            if (clock.Elapsed > timeout || _kmes.Any(k => k.HasExited))
            {
                throw new TimeoutException($"the KMEs gave no keys within {timeout.TotalSeconds:F0} s: {KmeOutput}");
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TimeSpan Sum(IEnumerable<NodeProcess?> processes) =>
        processes.Aggregate(TimeSpan.Zero, (sum, p) => sum + (p?.TotalProcessorTime ?? TimeSpan.Zero));

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (NodeProcess? server in _servers)
        {
            server?.Dispose();
        }

        foreach (NodeProcess kme in _kmes)
        {
            kme.Dispose();
        }
    }
}
