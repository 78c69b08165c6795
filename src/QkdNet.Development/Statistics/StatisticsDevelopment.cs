using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Node.Cloud;
using QkdNet.Node.Hosting;
using QkdNet.Development.Pki;

using QkdNet.Development.Cloud;
using QkdNet.Node.Statistics;

namespace QkdNet.Development.Statistics;

/// <summary>
/// A development statistics service on loopback, beside the development secure cloud (<see cref="CloudDevelopmentSetup"/>:
/// the KMEs, the PKI, the policy with owner <c>alice</c>, analyst <c>bob</c>, auditor <c>carol</c>): one
/// <c>qkdnet cloud stats-server</c> per data server, its pairwise keys from KME B (every data server is an SAE of B),
/// and a client configuration per user (<c>stats-client-NAME.json</c>). <see cref="StartAsync"/> runs the processes;
/// disposing kills them. What <c>qkdnet cloud stats-bench</c> and the process tests start from.
/// </summary>
public sealed class StatisticsDevelopment : IDisposable
{
    private readonly CloudDevelopmentRun _cloud;
    private readonly NodeProcess?[] _servers;
    private readonly string _cli;

    private StatisticsDevelopment(CloudDevelopmentRun cloud, string cli, IReadOnlyList<string> configs, IReadOnlyList<int> ports)
    {
        _cloud = cloud;
        _cli = cli;
        Configs = configs;
        Ports = ports;
        _servers = new NodeProcess?[configs.Count];
    }

    /// <summary>The folder.</summary>
    public string Directory => _cloud.Setup.Network.Directory;

    /// <summary>Each statistics server's configuration.</summary>
    public IReadOnlyList<string> Configs { get; }

    /// <summary>Each statistics server's port.</summary>
    public IReadOnlyList<int> Ports { get; }

    /// <summary>The names of the servers, in party order.</summary>
    public IReadOnlyList<string> ServerNames => _cloud.Setup.ServerNames;

    /// <summary>The client configuration of user <paramref name="name"/> (alice, bob, carol, dave, or stranger).</summary>
    public string ClientConfig(string name) => Path.Combine(Directory, $"stats-client-{name}.json");

    /// <summary>Everything statistics server <paramref name="index"/> wrote.</summary>
    public string ServerOutput(int index) => _servers[index]?.Output ?? string.Empty;

    /// <summary>
    /// Writes a development cloud of <paramref name="servers"/> data servers into <paramref name="directory"/>, starts
    /// its KMEs and share servers, then one statistics server per data server, and waits until all listen.
    /// </summary>
    public static async Task<StatisticsDevelopment> StartAsync(string directory, int servers, int threshold, string cli, TimeSpan timeout,
        int pbkdf2Iterations = SealSetup.DefaultPbkdf2Iterations, CancellationToken cancellationToken = default)
    {
        CloudDevelopmentSetup setup = CloudDevelopmentSetup.Create(directory, servers, pbkdf2Iterations: pbkdf2Iterations);
        int[] ports = DevelopmentNetwork.FreeLoopbackPorts(servers);
        var peers = new JsonArray([.. setup.ServerNames.Select((n, i) => (JsonNode)new JsonObject { ["name"] = n, ["url"] = Url(ports[i]) })]);
        var configs = new List<string>();
        for (int i = 0; i < servers; i++)
        {
            string name = setup.ServerNames[i];
            string path = Path.Combine(directory, name + "-stats.json");
            File.WriteAllText(path, new JsonObject
            {
                ["name"] = name,
                ["listen"] = "127.0.0.1:" + ports[i].ToString(CultureInfo.InvariantCulture),
                ["tls"] = new JsonObject { ["certificate"] = $"pki/{name}.crt", ["key"] = $"pki/{name}.key", ["ca"] = "pki/ca.crt" },
                ["kme"] = new JsonObject { ["url"] = setup.Network.UrlB.AbsoluteUri, ["kme_id"] = "B" },
                ["pairwise_keys"] = "qkd",
                ["servers"] = peers.DeepClone(),
                ["threshold"] = threshold,
                ["data"] = name + "-stats",
                ["policy"] = "policy.json",
                ["log_level"] = "warning",
            }.ToJsonString(Indented));
            configs.Add(path);
        }

        foreach (string user in new[] { CloudDevelopmentSetup.Owner, CloudDevelopmentSetup.OtherOwner, CloudDevelopmentSetup.Analyst, CloudDevelopmentSetup.Auditor, DevelopmentNetwork.Stranger })
        {
            File.WriteAllText(Path.Combine(directory, $"stats-client-{user}.json"), new JsonObject
            {
                ["certificate"] = $"pki/{user}.crt",
                ["key"] = $"pki/{user}.key",
                ["ca"] = "pki/ca.crt",
                ["servers"] = peers.DeepClone(),
                ["threshold"] = threshold,
            }.ToJsonString(Indented));
        }

        CloudDevelopmentRun cloud = await CloudDevelopmentRun.StartAsync(setup, cli, timeout, cancellationToken).ConfigureAwait(false);
        var run = new StatisticsDevelopment(cloud, cli, configs, ports);
        try
        {
            for (int i = 0; i < servers; i++)
            {
                run.StartServer(i);
            }

            for (int i = 0; i < servers; i++)
            {
                await run.WaitForServerAsync(i, timeout, cancellationToken).ConfigureAwait(false);
            }

            return run;
        }
        catch
        {
            run.Dispose();
            throw;
        }
    }

    /// <summary>Starts (again) statistics server <paramref name="index"/>; its shares are kept between runs.</summary>
    public void StartServer(int index)
    {
        _servers[index]?.Dispose();
        _servers[index] = NodeProcess.StartCommand(_cli, "cloud", "stats-server", "--config", Configs[index]);
    }

    /// <summary>Kills statistics server <paramref name="index"/> (SIGKILL).</summary>
    public void KillServer(int index) => _servers[index]?.KillHard();

    /// <summary>Waits until statistics server <paramref name="index"/> accepts connections.</summary>
    public async Task WaitForServerAsync(int index, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (_servers[index] is { HasExited: true } exited)
            {
                throw new InvalidOperationException($"statistics server {ServerNames[index]} exited: {exited.Output}");
            }

            try
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync(IPAddress.Loopback, Ports[index], cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (clock.Elapsed < timeout)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (NodeProcess? server in _servers)
        {
            server?.Dispose();
        }

        _cloud.Dispose();
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static string Url(int port) => "https://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
}
