using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using QkdNet.Control.Health;
using QkdNet.Control.Topology;
using QkdNet.Node.Cloud;
using QkdNet.Node.Configuration;
using QkdNet.Node.Controller;
using QkdNet.Node.Hosting;
using QkdNet.Development.Pki;
using QkdNet.Node.Security;
using QkdNet.Node.Statistics;

namespace QkdNet.Development.Demo;

/// <summary>
/// Runs a <see cref="DemoDeployment"/>: the controller, one KME per node and the share servers, each a real HTTPS
/// server with mutual TLS on its loopback port and its own SQLite store. In this process by default (logs kept in
/// memory, not on the console), or each as its own <c>qkdnet</c> process. Disposing stops them all.
/// </summary>
public sealed class EmbeddedNetwork : IAsyncDisposable
{
    /// <summary>Good blocks in a row that lift a quarantine (the controller's <c>--recovery-samples</c>; one, as the attack tests use, so the demo's recovery takes one block).</summary>
    public const int RecoverySamples = 1;

    private readonly Dictionary<string, EmbeddedHost> _hosts = new(StringComparer.Ordinal);

    private EmbeddedNetwork(DemoDeployment deployment, bool inProcess)
    {
        Deployment = deployment;
        InProcess = inProcess;
    }

    /// <summary>The files and ports.</summary>
    public DemoDeployment Deployment { get; }

    /// <summary>Whether the servers run in this process.</summary>
    public bool InProcess { get; }

    /// <summary>
    /// Starts everything and waits (up to <paramref name="timeout"/>) until every server accepts connections.
    /// <paramref name="cli"/> null runs them in this process; otherwise the <c>qkdnet</c> command to start each with.
    /// </summary>
    public static async Task<EmbeddedNetwork> StartAsync(DemoDeployment deployment, string? cli, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var network = new EmbeddedNetwork(deployment, cli is null);
        if (cli is not null)
        {
            AppDomain.CurrentDomain.ProcessExit += network.KillChildren;
        }

        try
        {
            DevelopmentRelayNetwork net = deployment.Network;
            network.Add(cli is null ? new EmbeddedHost.InProcess(DevelopmentRelayNetwork.ControllerName, logs => Task.FromResult(ControllerHost.Build(ControllerSettingsOf(net), logs: logs)))
                : new EmbeddedHost.Child(DevelopmentRelayNetwork.ControllerName, cli, ControllerArguments(net)));
            foreach (string node in net.Saes.Keys)
            {
                string config = net.ConfigOf(node);
                network.Add(cli is null ? new EmbeddedHost.InProcess(node, logs => Task.FromResult(KmeHost.Build(LoadNode(config), logs: logs)))
                    : new EmbeddedHost.Child(node, cli, ["node", "--config", config]));
            }

            for (int i = 0; i < deployment.ShareServers.Count; i++)
            {
                string config = deployment.ShareServerConfigs[i];
                network.Add(cli is null ? new EmbeddedHost.InProcess(deployment.ShareServers[i], logs => ShareServerHost.BuildAsync(LoadShareServer(config), logs: logs))
                    : new EmbeddedHost.Child(deployment.ShareServers[i], cli, ["share-server", "--config", config]));
            }

            for (int i = 0; i < deployment.StatisticsServerConfigs.Count; i++)
            {
                string config = deployment.StatisticsServerConfigs[i];
                network.Add(cli is null ? new EmbeddedHost.InProcess(deployment.StatisticsServerNames[i], logs => Task.FromResult(StatisticsServerHost.Build(LoadStatisticsServer(config), logs: logs)))
                    : new EmbeddedHost.Child(deployment.StatisticsServerNames[i], cli, ["cloud", "stats-server", "--config", config]));
            }

            foreach (EmbeddedHost host in network._hosts.Values)
            {
                await host.StartAsync(cancellationToken).ConfigureAwait(false);
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            foreach ((string name, int port) in network.PortsByHost())
            {
                await network.WaitListeningAsync(name, port, timeout, deadline.Token, cancellationToken).ConfigureAwait(false);
            }

            return network;
        }
        catch
        {
            await network.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Everything server <paramref name="name"/> (a node, <c>controller</c> or a share server) logged so far.</summary>
    public string LogsOf(string name) => _hosts[name].Output;

    /// <summary>The servers' names: the controller, the nodes, the share servers.</summary>
    public IReadOnlyCollection<string> Servers => _hosts.Keys;

    /// <summary>Writes what each server logged into <paramref name="folder"/> (owner-only, one <c>NAME.log</c> each: IDs and events, never key bytes) and returns the folder.</summary>
    public string WriteLogs(string folder)
    {
        KeyManagement.Storage.StoreFiles.CreateFolder(folder);
        foreach (EmbeddedHost host in _hosts.Values)
        {
            File.WriteAllText(Path.Combine(folder, host.Name + ".log"), host.Output);
        }

        return folder;
    }

    /// <summary>Whether server <paramref name="name"/> runs.</summary>
    public bool IsRunning(string name) => _hosts[name].Running;

    /// <summary>Stops server <paramref name="name"/> (a share server going down; its store stays).</summary>
    public Task StopAsync(string name) => _hosts[name].StopAsync();

    /// <summary>Starts server <paramref name="name"/> again on its store and waits until it accepts connections.</summary>
    public async Task StartAsync(string name, CancellationToken cancellationToken)
    {
        await _hosts[name].StartAsync(cancellationToken).ConfigureAwait(false);
        TimeSpan timeout = TimeSpan.FromSeconds(60);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        await WaitListeningAsync(name, PortsByHost().First(p => p.Name == name).Port, timeout, deadline.Token, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An HTTPS client of the controller with the development admin's certificate.</summary>
    public HttpClient ControllerAdmin() => EtsiClients.ForName(Deployment.Network.ControllerUrl, Deployment.Network.Pki, DevelopmentNetwork.Admin, DevelopmentRelayNetwork.ControllerName);

    /// <summary>An HTTPS client of node <paramref name="node"/> with the development admin's certificate (its admin routes).</summary>
    public HttpClient NodeAdmin(string node) => EtsiClients.ForName(Deployment.Network.UrlOf(node), Deployment.Network.Pki, DevelopmentNetwork.Admin, node);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillChildren;
        if (!InProcess)
        {
            // SIGKILL to every child at once: no order to keep, and Ctrl+C's grace is short on a loaded machine
            await Task.WhenAll(_hosts.Values.Select(h => h.DisposeAsync().AsTask())).ConfigureAwait(false);
            return;
        }

        // the share servers first, the controller last: nobody calls a server already gone
        foreach (EmbeddedHost host in _hosts.Values.Reverse())
        {
            await host.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The last guard of <c>--processes</c>: when this process ends before <see cref="DisposeAsync"/> finished (Ctrl+C
    /// whose grace ran out), every child still running is killed, so none outlives the command.
    /// </summary>
    private void KillChildren(object? sender, EventArgs e)
    {
        foreach (EmbeddedHost host in _hosts.Values)
        {
            host.StopAsync().GetAwaiter().GetResult();
        }
    }

    private void Add(EmbeddedHost host) => _hosts.Add(host.Name, host);

    private IEnumerable<(string Name, int Port)> PortsByHost() =>
        Deployment.Network.Ports.Select(p => (p.Key, p.Value))
            .Append((DevelopmentRelayNetwork.ControllerName, Deployment.Network.ControllerPort))
            .Concat(Deployment.ShareServers.Select((s, i) => (s, Deployment.ShareServerPorts[i])))
            .Concat(Deployment.StatisticsServerNames.Select((s, i) => (s, Deployment.StatisticsServerPorts[i])));

    /// <summary>Waits until <paramref name="name"/> accepts connections on <paramref name="port"/>; past <paramref name="deadline"/> (not the caller's cancellation), a <see cref="TimeoutException"/> naming the server and its last lines.</summary>
    private async Task WaitListeningAsync(string name, int port, TimeSpan timeout, CancellationToken deadline, CancellationToken cancellationToken)
    {
        try
        {
            await WaitListeningAsync(name, port, deadline).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                $"{name} did not accept connections on 127.0.0.1:{port} within {timeout.TotalSeconds:0} s: {LastLines(_hosts[name].Output)}"));
        }
    }

    private async Task WaitListeningAsync(string name, int port, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!_hosts[name].Running)
            {
                throw new InvalidOperationException($"{name} stopped while starting: {LastLines(_hosts[name].Output)}");
            }

            try
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string LastLines(string output) => string.Join(" | ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(3));

    private static NodeSettings LoadNode(string config)
    {
        Result<NodeSettings> loaded = NodeConfigLoader.Load(config);
        return loaded.IsSuccess ? loaded.Value : throw new InvalidOperationException($"{config}: {loaded.Error}");
    }

    private static ShareServerSettings LoadShareServer(string config)
    {
        Result<ShareServerSettings> loaded = ShareServerConfigLoader.Load(config);
        return loaded.IsSuccess ? loaded.Value : throw new InvalidOperationException($"{config}: {loaded.Error}");
    }

    private static StatisticsServerSettings LoadStatisticsServer(string config)
    {
        Result<StatisticsServerSettings> loaded = StatisticsServerConfigLoader.Load(config);
        return loaded.IsSuccess ? loaded.Value : throw new InvalidOperationException($"{config}: {loaded.Error}");
    }

    private static ControllerSettings ControllerSettingsOf(DevelopmentRelayNetwork net)
    {
        Result<NetworkTopology> topology = TopologyFile.Load(net.Topology);
        using X509Certificate2 admin = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(net.Pki, DevelopmentNetwork.Admin + ".crt"));
        using X509Certificate2 viewer = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(net.Pki, DevelopmentRelayNetwork.Viewer + ".crt"));
        return new ControllerSettings(
            topology.IsSuccess ? topology.Value : throw new InvalidOperationException(topology.Error),
            new IPEndPoint(IPAddress.Loopback, net.ControllerPort),
            new TlsSettings(Path.Combine(net.Pki, "controller.crt"), Path.Combine(net.Pki, "controller.key"), Path.Combine(net.Pki, "ca.crt")),
            new LinkHealthOptions(RecoverySamples: RecoverySamples))
        {
            Admins = [new AdminSettings(DevelopmentNetwork.Admin, TrustAnchor.Sha256(admin))],
            // the dashboard's read-only viewer, and attack drills on the demo's simulated links
            Viewers = [new AdminSettings(DevelopmentRelayNetwork.Viewer, TrustAnchor.Sha256(viewer))],
            Development = true,
        };
    }

    private static string[] ControllerArguments(DevelopmentRelayNetwork net) =>
    [
        "controller", "--topology", net.Topology, "--listen", "127.0.0.1:" + net.ControllerPort.ToString(CultureInfo.InvariantCulture),
        "--cert", Path.Combine(net.Pki, "controller.crt"), "--key", Path.Combine(net.Pki, "controller.key"), "--ca", Path.Combine(net.Pki, "ca.crt"),
        "--recovery-samples", RecoverySamples.ToString(CultureInfo.InvariantCulture), "--admin-cert", Path.Combine(net.Pki, DevelopmentNetwork.Admin + ".crt"),
        "--viewer-cert", Path.Combine(net.Pki, DevelopmentRelayNetwork.Viewer + ".crt"), "--development",
    ];
}
