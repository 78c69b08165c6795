using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using QkdNet.Control.Topology;
using QkdNet.KeyManagement.Sealing;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Development.Pki;

/// <summary>
/// A development network of any shape on loopback for key relay: one KME per node, random-source links (no physics;
/// fast to fill), certificates, a <c>node.json</c> per node with a network section, and the shared topology file.
/// What the relay tests and the relay benchmark start from.
/// </summary>
/// <param name="Directory">The folder holding <c>pki/</c>, <c>topology.json</c>, one <c>{node}.json</c> per node and the stores.</param>
/// <param name="Ports">Each node's port.</param>
/// <param name="Saes">Each node's SAEs.</param>
/// <param name="ControllerPort">The controller's port (its certificate is named <see cref="ControllerName"/>), or 0 when the nodes report to none.</param>
public sealed record DevelopmentRelayNetwork(string Directory, IReadOnlyDictionary<string, int> Ports, IReadOnlyDictionary<string, IReadOnlyList<string>> Saes, int ControllerPort = 0)
{
    /// <summary>The common name of the controller's certificate.</summary>
    public const string ControllerName = "controller";

    /// <summary>The read-only viewer of the controller's dashboard (a client certificate, issued with the controller's).</summary>
    public const string Viewer = "viewer";

    /// <summary>The controller's base URL.</summary>
    public Uri ControllerUrl => new($"https://127.0.0.1:{ControllerPort}/");

    /// <summary>The PEM folder.</summary>
    public string Pki => Path.Combine(Directory, "pki");

    /// <summary>
    /// PBKDF2 iterations of each store's passphrase: by default the store's production setting
    /// (<see cref="SealSetup.DefaultPbkdf2Iterations"/>); only tests, which start nodes by the hundred, set less.
    /// </summary>
    public int Pbkdf2Iterations { get; init; } = SealSetup.DefaultPbkdf2Iterations;

    /// <summary>The topology every node reads.</summary>
    public string Topology => Path.Combine(Directory, "topology.json");

    /// <summary>The configuration file of <paramref name="node"/>.</summary>
    public string ConfigOf(string node) => Path.Combine(Directory, node.ToLowerInvariant() + ".json");

    /// <summary>The base URL of <paramref name="node"/>.</summary>
    public Uri UrlOf(string node) => new($"https://127.0.0.1:{Ports[node]}/");

    /// <summary>Writes the network.</summary>
    /// <param name="directory">An empty or missing folder.</param>
    /// <param name="links">Each link: ID and its two nodes.</param>
    /// <param name="saes">The SAEs of each node (every node of a link must appear, with an empty list if it has none).</param>
    /// <param name="paths">1 for single-path relay, more for XOR shares over that many node-disjoint paths.</param>
    /// <param name="highWatermarkBits">Each pool is refilled up to this.</param>
    /// <param name="simulatedLinks">Links whose source is the decoy-BB84 simulation (GYS, 10 km, <paramref name="pulsesPerBlock"/> pulses a block) instead of random blocks.</param>
    /// <param name="withController">Whether the nodes report to a controller (certificate and port made here; start it with <c>qkdnet controller</c>).</param>
    /// <param name="pulsesPerBlock">Pulses per block of a simulated link (0: the recommended size).</param>
    /// <param name="pbkdf2Iterations">See <see cref="Pbkdf2Iterations"/>.</param>
    /// <param name="caKeyDirectory">A folder outside the PKI folder to keep the CA's private key in (tests that issue odd certificates); null keeps none.</param>
    /// <param name="serverSaes">SAEs among <paramref name="saes"/> that also serve HTTPS (share servers): they get server certificates, as KMEs do.</param>
    /// <param name="portBase">0: ports the OS finds free; otherwise node i listens on <c>portBase + i</c> and the controller on <c>portBase + nodes</c>.</param>
    public static DevelopmentRelayNetwork Create(string directory, IReadOnlyList<(string Id, string A, string B)> links, IReadOnlyDictionary<string, IReadOnlyList<string>> saes, int paths = 1, long highWatermarkBits = 2L << 20,
        IReadOnlyCollection<string>? simulatedLinks = null, bool withController = false, long pulsesPerBlock = 0, int pbkdf2Iterations = SealSetup.DefaultPbkdf2Iterations,
        string? caKeyDirectory = null, IReadOnlyCollection<string>? serverSaes = null, int portBase = 0)
    {
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(saes);
        serverSaes ??= [];
        string[] nodes = [.. saes.Keys];
        int[] free = portBase > 0 ? [.. Enumerable.Range(portBase, nodes.Length + 1)] : DevelopmentNetwork.FreeLoopbackPorts(nodes.Length + 1);
        var ports = nodes.Select((n, i) => (n, free[i])).ToDictionary(p => p.n, p => p.Item2);
        var network = new DevelopmentRelayNetwork(directory, ports, saes, withController ? free[^1] : 0) { Pbkdf2Iterations = pbkdf2Iterations };
        StoreFiles.CreateFolder(directory);
        DevelopmentPki.Create(network.Pki, [.. nodes, .. withController ? [ControllerName] : Array.Empty<string>(), .. serverSaes],
            [.. saes.Values.SelectMany(s => s).Except(serverSaes), DevelopmentNetwork.Admin, DevelopmentNetwork.Stranger, .. withController ? new[] { Viewer } : []],
            TimeProvider.System, caKeyDirectory: caKeyDirectory);
        if (withController)
        {
            // for a browser: the dashboard's operator and viewer as PKCS#12 files to import
            DevelopmentPki.WritePkcs12(network.Pki, DevelopmentNetwork.Admin);
            DevelopmentPki.WritePkcs12(network.Pki, Viewer);
        }

        DevelopmentNetwork.WritePassphrase(directory);
        File.WriteAllText(network.Topology, TopologyJson(links, saes));
        var loopback = new NodeAddressing(
            node => "127.0.0.1:" + ports[node].ToString(CultureInfo.InvariantCulture),
            (peer, _) => "https://127.0.0.1:" + ports[peer].ToString(CultureInfo.InvariantCulture),
            withController ? network.ControllerUrl : null);
        WriteConfigs(network, links, loopback, paths, highWatermarkBits, simulatedLinks, pulsesPerBlock);
        return network;
    }

    /// <summary>Writes <c>{node}.json</c> for every node of <paramref name="network"/>, with the addresses of <paramref name="at"/>.</summary>
    internal static void WriteConfigs(DevelopmentRelayNetwork network, IReadOnlyList<(string Id, string A, string B)> links, NodeAddressing at, int paths, long highWatermarkBits,
        IReadOnlyCollection<string>? simulatedLinks, long pulsesPerBlock)
    {
        foreach (string node in network.Saes.Keys)
        {
            File.WriteAllText(network.ConfigOf(node), NodeJson(node, network, at, links, paths, highWatermarkBits, simulatedLinks ?? [], pulsesPerBlock));
        }
    }

    /// <summary>The links a deployment of <paramref name="topology"/> runs: one per pair of neighbours (the first in file order).</summary>
    internal static List<TopologyLink> DeployedLinks(NetworkTopology topology)
    {
        var run = new List<TopologyLink>();
        foreach (TopologyLink link in topology.Links)
        {
            if (!run.Any(r => r.Touches(link.A) && r.Touches(link.B)))
            {
                run.Add(link);
            }
        }

        return run;
    }

    /// <summary>Writes the topology the nodes of a deployment of <paramref name="topology"/> read: its nodes and SAEs, and only <paramref name="run"/> as links.</summary>
    internal static void WriteDeployedTopology(string path, NetworkTopology topology, IReadOnlyList<TopologyLink> run, string comment)
    {
        NetworkTopology deployed = NetworkTopology.Create(topology.Name, topology.Nodes, run, topology.Saes).Value;
        File.WriteAllText(path, TopologyJsonWriter.Write(deployed, comment));
    }

    /// <summary>The SAEs of each node of <paramref name="topology"/>, in node order.</summary>
    internal static Dictionary<string, IReadOnlyList<string>> SaesByNode(NetworkTopology topology) =>
        topology.Nodes.ToDictionary(n => n.Id.Value, n => (IReadOnlyList<string>)[.. topology.Saes.Where(s => s.Home == n.Id).Select(s => s.Id.Value)]);

    /// <summary>
    /// Writes a development deployment of <paramref name="topology"/> (e.g. the Tokyo QKD Network): one node per topology
    /// node with its SAEs, one link per pair of neighbours (a node runs one link per peer; a parallel link of the file is
    /// left out of the deployed topology, so no route counts on a link nobody runs).
    /// </summary>
    public static DevelopmentRelayNetwork FromTopology(string directory, NetworkTopology topology, int paths = 1, long highWatermarkBits = 2L << 20,
        IReadOnlyCollection<string>? simulatedLinks = null, bool withController = false, long pulsesPerBlock = 0, int pbkdf2Iterations = SealSetup.DefaultPbkdf2Iterations,
        string? caKeyDirectory = null, IReadOnlyCollection<string>? serverSaes = null, int portBase = 0)
    {
        ArgumentNullException.ThrowIfNull(topology);
        List<TopologyLink> run = DeployedLinks(topology);
        DevelopmentRelayNetwork network = Create(directory, [.. run.Select(l => (l.Id.Value, l.A.Value, l.B.Value))], SaesByNode(topology), paths, highWatermarkBits, simulatedLinks, withController, pulsesPerBlock,
            pbkdf2Iterations, caKeyDirectory, serverSaes, portBase);
        WriteDeployedTopology(network.Topology, topology, run, "deployed by DevelopmentRelayNetwork: one link per pair of neighbours");
        return network;
    }

    private static string TopologyJson(IReadOnlyList<(string Id, string A, string B)> links, IReadOnlyDictionary<string, IReadOnlyList<string>> saes) => new JsonObject
    {
        ["name"] = "development relay network",
        ["nodes"] = new JsonArray([.. saes.Keys.Select(n => (JsonNode)new JsonObject { ["id"] = n })]),
        ["links"] = new JsonArray([.. links.Select(l => (JsonNode)new JsonObject { ["id"] = l.Id, ["a"] = l.A, ["b"] = l.B, ["fibreKm"] = 10 })]),
        ["saes"] = new JsonArray([.. saes.SelectMany(kv => kv.Value.Select(s => (JsonNode)new JsonObject { ["id"] = s, ["home"] = kv.Key }))]),
    }.ToJsonString(Indented);

    private static string NodeJson(string self, DevelopmentRelayNetwork network, NodeAddressing at, IReadOnlyList<(string Id, string A, string B)> links, int paths, long high,
        IReadOnlyCollection<string> simulated, long pulsesPerBlock)
    {
        var relay = new JsonObject { ["topology"] = "topology.json", ["paths"] = paths };
        if (at.Controller is not null)
        {
            relay["controller"] = new JsonObject { ["url"] = at.Controller.ToString(), ["name"] = ControllerName, ["report_interval_seconds"] = 0.25 };
        }

        var mine = links.Where(l => l.A == self || l.B == self).Select(l => (l.Id, Peer: l.A == self ? l.B : l.A)).ToList();
        return new JsonObject
        {
            ["kme_id"] = self,
            ["listen"] = at.Listen(self),
            ["log_level"] = "information",
            // random and simulated links give no quantum key: only a development node may serve it
            ["development"] = true,
            ["store"] = DevelopmentNodeSections.Store(self, high, 300),
            ["tls"] = DevelopmentNodeSections.Tls(self),
            ["unseal"] = DevelopmentNodeSections.Unseal(network.Pbkdf2Iterations),
            ["saes"] = new JsonArray([.. network.Saes[self].Select(s => (JsonNode)new JsonObject { ["id"] = s })]),
            ["admins"] = new JsonArray(DevelopmentPki.AdminEntry(network.Pki, DevelopmentNetwork.Admin)),
            ["peers"] = new JsonArray([.. mine.Select(l => (JsonNode)new JsonObject
            {
                ["kme_id"] = l.Peer,
                ["kx_url"] = at.KxUrl(l.Peer, l.Id),
                ["saes"] = new JsonArray([.. network.Saes[l.Peer].Select(s => (JsonNode)JsonValue.Create(s))]),
            })]),
            ["links"] = new JsonArray([.. mine.Select(l => (JsonNode)new JsonObject
            {
                ["id"] = l.Id,
                ["peer"] = l.Peer,
                ["source"] = simulated.Contains(l.Id)
                    ? Simulated(pulsesPerBlock)
                    : new JsonObject { ["kind"] = "random", ["block_bits"] = 1 << 18 },
            })]),
            ["network"] = relay,
        }.ToJsonString(Indented);
    }

    private static JsonObject Simulated(long pulsesPerBlock)
    {
        var source = new JsonObject { ["kind"] = "simulated", ["preset"] = "gys", ["distance_km"] = 10 };
        if (pulsesPerBlock > 0)
        {
            source["pulses_per_block"] = pulsesPerBlock;
        }

        return source;
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Where the nodes of a development network listen and reach each other and the controller.</summary>
    /// <param name="Listen">A node's listen endpoint (IP:port).</param>
    /// <param name="KxUrl">The Kx base URL of a peer, reached over a link (peer, link ID).</param>
    /// <param name="Controller">The controller's URL, or null when the nodes report to none.</param>
    internal sealed record NodeAddressing(Func<string, string> Listen, Func<string, string, string> KxUrl, Uri? Controller);
}
