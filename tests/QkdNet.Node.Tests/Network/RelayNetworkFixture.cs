using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Node.Hosting;
using QkdNet.Development.Pki;

namespace QkdNet.Node.Tests.Network;

/// <summary>Real <c>qkdnet node</c> processes of a <see cref="DevelopmentRelayNetwork"/> on loopback; disposing kills them and deletes the folder.</summary>
internal sealed class RelayNetworkFixture : IDisposable
{
    /// <summary>The xUnit collection of every multi-process network test: they run one at a time, so a machine with few cores is not flooded.</summary>
    public const string Collection = "Relay network processes";

    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "QkdNet.Cli.dll");
    private readonly Dictionary<string, NodeProcess> _nodes = [];

    public RelayNetworkFixture(IReadOnlyList<(string Id, string A, string B)> links, IReadOnlyDictionary<string, IReadOnlyList<string>> saes, int paths = 1)
        : this(DevelopmentRelayNetwork.Create(NewDirectory(), links, saes, paths, pbkdf2Iterations: SealSetup.MinPbkdf2Iterations))
    {
    }

    /// <summary>Starts every node of <paramref name="network"/>, and its controller when it has one.</summary>
    public RelayNetworkFixture(DevelopmentRelayNetwork network)
    {
        Network = network;
        if (network.ControllerPort != 0)
        {
            string pki = Network.Pki;
            Controller = NodeProcess.StartCommand(Cli, "controller", "--topology", Network.Topology, "--listen", "127.0.0.1:" + Network.ControllerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--cert", Path.Combine(pki, "controller.crt"), "--key", Path.Combine(pki, "controller.key"), "--ca", Path.Combine(pki, "ca.crt"), "--recovery-samples", "1",
                "--admin-cert", Path.Combine(pki, DevelopmentNetwork.Admin + ".crt"), "--viewer-cert", Path.Combine(pki, DevelopmentRelayNetwork.Viewer + ".crt"), "--development");
        }

        foreach (string node in network.Saes.Keys)
        {
            _nodes[node] = NodeProcess.Start(Cli, Network.ConfigOf(node));
        }
    }

    public DevelopmentRelayNetwork Network { get; }

    /// <summary>A fresh folder under the temp folder.</summary>
    public static string NewDirectory() => Path.Combine(Path.GetTempPath(), "qkdnet-relay-tests-" + Guid.NewGuid().ToString("N"));

    public NodeProcess? Controller { get; }

    public NodeProcess this[string node] => _nodes[node];

    /// <summary>Kills <paramref name="node"/> with SIGKILL and starts it again on its store.</summary>
    public void Restart(string node)
    {
        _nodes[node].Dispose();
        _nodes[node] = NodeProcess.Start(Cli, Network.ConfigOf(node));
    }

    public HttpClient Client(string node, string certificateName) => EtsiClients.ForName(Network.UrlOf(node), Network.Pki, certificateName, node);

    public string AllOutput => string.Join('\n', _nodes.Values.Select(n => n.Output).Append(Controller?.Output ?? string.Empty));

    /// <summary>Asks for keys until the pools along the route hold enough (bounded: 60 s); returns the answer.</summary>
    public async Task<JsonElement> EncKeysWhenReadyAsync(string node, string master, string slave, int number = 1)
    {
        using HttpClient client = Client(node, master);
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using HttpResponseMessage response = await client.GetAsync($"api/v1/keys/{slave}/enc_keys?number={number}");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return await response.Content.ReadFromJsonAsync<JsonElement>();
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{node} did not relay a key to {slave} within 60 s:\n{AllOutput}");
            }

            await Task.Delay(200);
        }
    }

    public void Dispose()
    {
        foreach (NodeProcess node in _nodes.Values)
        {
            node.Dispose();
        }

        Controller?.Dispose();

        try
        {
            Directory.Delete(Network.Directory, recursive: true);
        }
        catch (IOException)
        {
            // the OS cleans the temp folder
        }
    }
}

/// <summary>
/// The collection of the multi-process network tests: its classes run one at a time, and not alongside any other test
/// collection, so the few cores of a test machine are not shared between several networks of processes.
/// </summary>
[CollectionDefinition(RelayNetworkFixture.Collection, DisableParallelization = true)]
public sealed class RelayNetworkCollection;
