using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using QkdNet.Control.Topology;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Development.Pki;
using QkdNet.PostProcessing.Pipeline;
using QkdNet.Quantum.Physics;

namespace QkdNet.Development.Demo;

/// <summary>
/// The files of <c>qkdnet demo</c>'s network, written into one folder: the Tokyo QKD Network's nodes and links (every
/// link a decoy-BB84 simulation with its published preset and fibre length), one KME per node reporting to a
/// controller, the finance applications as SAEs (the investor at Koganei, the broker at Hongo, the bank that backs
/// customer data up at Otemachi) and five share servers at the Hakusan data centre, a development PKI, SQLite stores,
/// the share servers' access policy and the bank's cloud client configuration.
/// </summary>
/// <param name="Network">Certificates, node configurations, ports and the deployed topology.</param>
/// <param name="Topology">The deployed topology (the links that run).</param>
/// <param name="ShareServers">The share servers' names (SAEs of <see cref="DataCentre"/>).</param>
/// <param name="ShareServerConfigs">Each share server's configuration file.</param>
/// <param name="ShareServerPorts">Each share server's port.</param>
/// <param name="CloudClientConfig">The bank's cloud client configuration.</param>
/// <param name="StatisticsServerConfigs">Each statistics server's configuration (<c>cloud stats-server</c>, beside the first <see cref="StatisticsServers"/> share servers, named as they are).</param>
/// <param name="StatisticsServerPorts">Each statistics server's port.</param>
public sealed record DemoDeployment(
    DevelopmentRelayNetwork Network, NetworkTopology Topology, IReadOnlyList<string> ShareServers, IReadOnlyList<string> ShareServerConfigs, IReadOnlyList<int> ShareServerPorts, string CloudClientConfig,
    IReadOnlyList<string> StatisticsServerConfigs, IReadOnlyList<int> StatisticsServerPorts)
{
    /// <summary>The analyst's SAE (at Otemachi, beside the bank): may query the statistics servers, not upload.</summary>
    public const string Analyst = "analyst";

    /// <summary>Statistics servers: three parties, any one of which sees only its shares (threshold 1, honest majority).</summary>
    public const int StatisticsServers = 3;

    /// <summary>The statistics servers' threshold: a coalition of this many learns nothing.</summary>
    public const int StatisticsThreshold = 1;

    /// <summary>The bank's statistics client configuration (owner: uploads the customers' shares).</summary>
    public string StatisticsOwnerConfig => Path.Combine(Network.Directory, "stats-client-" + Bank + ".json");

    /// <summary>The analyst's statistics client configuration (queries).</summary>
    public string StatisticsAnalystConfig => Path.Combine(Network.Directory, "stats-client-" + Analyst + ".json");

    /// <summary>The statistics servers' names (the first share servers'), a host each.</summary>
    public IReadOnlyList<string> StatisticsServerNames => [.. ShareServers.Take(StatisticsServers).Select(StatisticsHostName)];

    /// <summary>The host name of the statistics server beside share server <paramref name="server"/>.</summary>
    public static string StatisticsHostName(string server) => server + "-stats";

    /// <summary>The investor's SAE (at Koganei).</summary>
    public const string Investor = "investor";

    /// <summary>The broker's SAE (at Hongo): the key between investor and broker is relayed through Otemachi.</summary>
    public const string Broker = "broker";

    /// <summary>The bank's SAE (at Otemachi), owner of the customer data put in the secure cloud.</summary>
    public const string Bank = "bank";

    /// <summary>The node of the share servers.</summary>
    public const string DataCentre = "hakusan";

    /// <summary>The investor's node.</summary>
    public const string InvestorNode = "koganei";

    /// <summary>The broker's node.</summary>
    public const string BrokerNode = "hongo";

    /// <summary>The bank's node.</summary>
    public const string BankNode = "otemachi";

    /// <summary>
    /// Sifted bits a simulated block aims at: half the node's recommended size (2e6), so a block costs about a second
    /// of one core and still leaves key after paying for its authentication on every Tokyo link (at 4e5 sifted bits the
    /// Tokyo-2011 link at 45 km distils 71,764 bits and spends 69,504 on authentication; measured with
    /// <c>qkdnet link simulate --preset tokyo-2011 --distance-km 45 --pulses 416026530 --postprocess</c>, 2026-12-03).
    /// </summary>
    public const double SiftedBitsPerBlock = 1e6;

    /// <summary>
    /// Each link pool's capacity for a high watermark of <paramref name="highWatermarkBits"/>: twice it, so a pool the
    /// trading drains below a fifth of its watermark shows as degraded (the controller's low-pool rule is 10 % of capacity).
    /// </summary>
    public static long CapacityBits(long highWatermarkBits) => 2 * highWatermarkBits;

    /// <summary>Ports the deployment listens on: the nodes, the controller, the share servers, then the statistics servers.</summary>
    public static int PortCount(NetworkTopology tokyo, int shareServers) => (tokyo?.Nodes.Count ?? 0) + 1 + shareServers + StatisticsServers;

    /// <summary>All ports, in the order of <see cref="PortCount"/>.</summary>
    public IEnumerable<int> Ports => Network.Ports.Values.Append(Network.ControllerPort).Concat(ShareServerPorts).Concat(StatisticsServerPorts);

    /// <summary>The node the share servers' keys come from.</summary>
    public Uri DataCentreUrl => Network.UrlOf(DataCentre);

    /// <summary>Writes the deployment of <paramref name="tokyo"/> into <paramref name="directory"/> (empty or missing).</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="tokyo">The Tokyo QKD Network topology (examples/topologies/tokyo-qkd-network.json).</param>
    /// <param name="shareServers">How many share servers (3 to 9).</param>
    /// <param name="highWatermarkBits">Each link pool is refilled up to this.</param>
    /// <param name="portBase">0: ports the OS finds free; otherwise consecutive ports from it, in the order of <see cref="PortCount"/>.</param>
    /// <param name="pbkdf2Iterations">The stores' PBKDF2 iterations.</param>
    public static DemoDeployment Write(string directory, NetworkTopology tokyo, int shareServers, long highWatermarkBits, int portBase = 0, int pbkdf2Iterations = SealSetup.DefaultPbkdf2Iterations)
    {
        ArgumentNullException.ThrowIfNull(tokyo);
        string[] servers = [.. Enumerable.Range(1, shareServers).Select(i => "s" + i.ToString(CultureInfo.InvariantCulture))];
        NetworkTopology deployed = WithApplications(tokyo, servers);
        DevelopmentRelayNetwork network = DevelopmentRelayNetwork.FromTopology(directory, deployed, highWatermarkBits: highWatermarkBits, simulatedLinks: [.. deployed.Links.Select(l => l.Id.Value)],
            withController: true, pbkdf2Iterations: pbkdf2Iterations, serverSaes: servers, portBase: portBase);
        foreach (string node in network.Saes.Keys)
        {
            UsePresets(network.ConfigOf(node), deployed, highWatermarkBits);
        }

        int[] ports = portBase > 0 ? [.. Enumerable.Range(portBase + network.Ports.Count + 1, shareServers)] : DevelopmentNetwork.FreeLoopbackPorts(shareServers);
        File.WriteAllText(Path.Combine(directory, "policy.json"), new JsonObject
        {
            ["principals"] = new JsonArray(Principal(Bank, "owner"), Principal(Analyst, "analyst"), Principal(DevelopmentNetwork.Admin, "operator")),
        }.ToJsonString(Indented));
        var configs = new List<string>();
        for (int i = 0; i < servers.Length; i++)
        {
            string path = Path.Combine(directory, servers[i] + ".json");
            File.WriteAllText(path, new JsonObject
            {
                ["name"] = servers[i],
                ["listen"] = "127.0.0.1:" + ports[i].ToString(CultureInfo.InvariantCulture),
                ["tls"] = new JsonObject { ["certificate"] = $"pki/{servers[i]}.crt", ["key"] = $"pki/{servers[i]}.key", ["ca"] = "pki/ca.crt" },
                ["kme"] = new JsonObject { ["url"] = network.UrlOf(DataCentre).AbsoluteUri, ["kme_id"] = DataCentre },
                ["store"] = new JsonObject { ["path"] = servers[i] + "-shares.db" },
                ["policy"] = "policy.json",
                ["log_level"] = "warning",
            }.ToJsonString(Indented));
            configs.Add(path);
        }

        string client = Path.Combine(directory, "cloud-client.json");
        File.WriteAllText(client, new JsonObject
        {
            ["owner"] = Bank,
            ["certificate"] = $"pki/{Bank}.crt",
            ["key"] = $"pki/{Bank}.key",
            ["ca"] = "pki/ca.crt",
            ["kme"] = new JsonObject { ["url"] = network.UrlOf(BankNode).AbsoluteUri, ["kme_id"] = BankNode },
            ["servers"] = new JsonArray([.. servers.Select((n, i) => (JsonNode)new JsonObject { ["name"] = n, ["url"] = "https://127.0.0.1:" + ports[i].ToString(CultureInfo.InvariantCulture) })]),
            ["map"] = Bank + "-cloud-map.json",
        }.ToJsonString(Indented));
        int[] statsPorts = portBase > 0 ? [.. Enumerable.Range(portBase + network.Ports.Count + 1 + shareServers, StatisticsServers)] : DevelopmentNetwork.FreeLoopbackPorts(StatisticsServers);
        List<string> statsConfigs = WriteStatistics(directory, network, servers, statsPorts);
        return new DemoDeployment(network, deployed, servers, configs, ports, client, statsConfigs, statsPorts);
    }

    /// <summary>
    /// One statistics server beside each of the first <see cref="StatisticsServers"/> share servers (as
    /// <c>qkdnet cloud stats-server</c> runs them: the share server's certificate, pairwise keys from QKD through the
    /// data centre's KME, the same access policy), and the bank's and the analyst's client configurations.
    /// </summary>
    private static List<string> WriteStatistics(string directory, DevelopmentRelayNetwork network, string[] servers, int[] ports)
    {
        var peers = new JsonArray([.. servers.Take(StatisticsServers).Select((n, i) => (JsonNode)new JsonObject { ["name"] = n, ["url"] = "https://127.0.0.1:" + ports[i].ToString(CultureInfo.InvariantCulture) })]);
        var configs = new List<string>();
        for (int i = 0; i < StatisticsServers; i++)
        {
            string path = Path.Combine(directory, StatisticsHostName(servers[i]) + ".json");
            File.WriteAllText(path, new JsonObject
            {
                ["name"] = servers[i],
                ["listen"] = "127.0.0.1:" + ports[i].ToString(CultureInfo.InvariantCulture),
                ["tls"] = new JsonObject { ["certificate"] = $"pki/{servers[i]}.crt", ["key"] = $"pki/{servers[i]}.key", ["ca"] = "pki/ca.crt" },
                ["kme"] = new JsonObject { ["url"] = network.UrlOf(DataCentre).AbsoluteUri, ["kme_id"] = DataCentre },
                ["pairwise_keys"] = "qkd",
                ["servers"] = peers.DeepClone(),
                ["threshold"] = StatisticsThreshold,
                ["data"] = StatisticsHostName(servers[i]),
                ["policy"] = "policy.json",
                ["log_level"] = "warning",
            }.ToJsonString(Indented));
            configs.Add(path);
        }

        foreach (string user in new[] { Bank, Analyst })
        {
            File.WriteAllText(Path.Combine(directory, $"stats-client-{user}.json"), new JsonObject
            {
                ["certificate"] = $"pki/{user}.crt",
                ["key"] = $"pki/{user}.key",
                ["ca"] = "pki/ca.crt",
                ["servers"] = peers.DeepClone(),
                ["threshold"] = StatisticsThreshold,
            }.ToJsonString(Indented));
        }

        return configs;
    }

    /// <summary>
    /// The topology the demo runs: <paramref name="tokyo"/>'s nodes; of parallel links on one route, only the last
    /// listed (in the Tokyo file, Toshiba's GHz system of 2011 on Koganei-Otemachi rather than the 2 MHz reference
    /// system, whose blocks would take minutes to simulate); its SAEs plus the demo's applications and share servers.
    /// </summary>
    internal static NetworkTopology WithApplications(NetworkTopology tokyo, IReadOnlyList<string> servers)
    {
        var links = tokyo.Links.Where((l, i) => !tokyo.Links.Skip(i + 1).Any(later => later.Touches(l.A) && later.Touches(l.B))).ToList();
        var saes = tokyo.Saes.ToList();
        saes.Add(new TopologySae(SaeId.Create(Investor), KmeId.Create(InvestorNode)));
        saes.Add(new TopologySae(SaeId.Create(Broker), KmeId.Create(BrokerNode)));
        saes.Add(new TopologySae(SaeId.Create(Bank), KmeId.Create(BankNode)));
        saes.Add(new TopologySae(SaeId.Create(Analyst), KmeId.Create(BankNode)));
        saes.AddRange(servers.Select(s => new TopologySae(SaeId.Create(s), KmeId.Create(DataCentre))));
        Result<NetworkTopology> topology = NetworkTopology.Create(tokyo.Name, tokyo.Nodes, links, saes);
        return topology.IsSuccess ? topology.Value : throw new ArgumentException("the demo needs the Tokyo QKD Network's nodes (koganei, otemachi, hakusan, hongo): " + topology.Error, nameof(tokyo));
    }

    /// <summary>
    /// Sets every link source of a node configuration to its topology link's preset and fibre length, blocks sized by
    /// <see cref="SiftedBitsPerBlock"/>, and the store's capacity to <see cref="CapacityBits"/>.
    /// </summary>
    private static void UsePresets(string config, NetworkTopology topology, long highWatermarkBits)
    {
        JsonNode node = JsonNode.Parse(File.ReadAllText(config))!;
        node["store"]!["capacity_bits"] = CapacityBits(highWatermarkBits);
        foreach (JsonNode? link in node["links"]!.AsArray())
        {
            TopologyLink physics = topology.Links.First(l => l.Id.Value == link!["id"]!.GetValue<string>());
            QkdLink model = LinkPresets.Create(physics.Physics.Preset, physics.Physics.LengthKm).Value;
            link!["source"] = new JsonObject
            {
                ["kind"] = "simulated",
                ["preset"] = physics.Physics.Preset,
                ["distance_km"] = physics.Physics.LengthKm,
                ["pulses_per_block"] = SimulatedQkdLink.RecommendedPulsesPerBlock(model, SiftedBitsPerBlock),
                // a full pool still runs a block every 2 s, so an attack shows within seconds (and idle links leave the cores free)
                ["probe_interval_seconds"] = 2,
            };
        }

        File.WriteAllText(config, node.ToJsonString(Indented));
    }

    private static JsonObject Principal(string name, string role) => new() { ["name"] = name, ["roles"] = new JsonArray(role) };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
