using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using QkdNet.Control.Topology;

namespace QkdNet.Development.Pki;

/// <summary>
/// A development deployment of a topology as separate hosts on one Linux machine: each node in its own network
/// namespace, one veth pair per link (a /30 of its own), and a management network (a bridge in the root namespace,
/// where the controller runs and SAEs connect from) with one veth per node. Writes certificates (each KME's names its
/// management and link addresses), one <c>node.json</c> per node and the deployed topology; <see cref="Plan"/> is the
/// bash that builds the namespaces and starts the processes (<c>deploy/netns/tokyo-netns.sh</c> runs it).
/// </summary>
/// <remarks>
/// Kx traffic between neighbours goes over their link's veth pair only (the peer's <c>kx_url</c> is its address on
/// that link); relays are hop by hop, so no node forwards IP packets. Link subnets are private to the namespaces, so
/// they repeat between deployments; the management /24 is in the root namespace and must be unique per deployment.
/// </remarks>
/// <param name="Files">Where the files are (its ports and URLs are not used: see <see cref="UrlOf"/>).</param>
/// <param name="Prefix">Names every namespace (<c>PREFIX-node</c>), the bridge (<c>PREFIXbr</c>) and the root ends of the management veths.</param>
/// <param name="Nodes">The nodes, in topology order.</param>
/// <param name="Links">The links deployed (one per pair of neighbours).</param>
/// <param name="ControllerAddress">The bridge's address, where the controller listens.</param>
/// <param name="ControllerPort">The controller's port.</param>
/// <param name="KmePort">The port every KME listens on (each in its own namespace, so the same).</param>
public sealed partial record NamespaceNetwork(DevelopmentRelayNetwork Files, string Prefix, IReadOnlyList<NamespaceNode> Nodes, IReadOnlyList<NamespaceLink> Links,
    IPAddress ControllerAddress, int ControllerPort, int KmePort = NamespaceNetwork.DefaultKmePort)
{
    /// <summary>The port of every KME.</summary>
    public const int DefaultKmePort = 8443;

    /// <summary>The interface of each namespace on the management network.</summary>
    public const string ManagementInterface = "mgmt";

    /// <summary>The bridge of the management network, in the root namespace.</summary>
    public string Bridge => Prefix + "br";

    /// <summary>The base URL of <paramref name="node"/> on the management network (reachable from the root namespace).</summary>
    public Uri UrlOf(string node) => new($"https://{Nodes.First(n => n.Id == node).Management}:{KmePort.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>
    /// Writes the deployment of <paramref name="topology"/> into <paramref name="directory"/> (empty or missing).
    /// Fails, writing nothing, on a bad prefix or management network, or a topology too big for the address plan.
    /// </summary>
    /// <param name="directory">An empty or missing folder.</param>
    /// <param name="topology">The network to deploy.</param>
    /// <param name="prefix">1 to 8 characters a-z 0-9, starting with a letter (interface names are at most 15 characters).</param>
    /// <param name="management">The management network: an IPv4 /24 written as its first address (e.g. 10.250.7.0).</param>
    /// <param name="controllerPort">The controller's port on the bridge.</param>
    /// <param name="paths">1 for single-path relay, more for XOR shares over that many node-disjoint paths.</param>
    public static Result<NamespaceNetwork> Create(string directory, NetworkTopology topology, string prefix, IPAddress management, int controllerPort, int paths = 1)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(management);
        if (!PrefixPattern().IsMatch(prefix))
        {
            return Result<NamespaceNetwork>.Fail($"prefix '{prefix}' must be 1 to 8 characters a-z 0-9, starting with a letter.");
        }

        byte[] net = management.GetAddressBytes();
        if (net.Length != 4 || net[3] != 0)
        {
            return Result<NamespaceNetwork>.Fail($"management network '{management}' must be an IPv4 /24 written as its first address, e.g. 10.250.7.0.");
        }

        List<TopologyLink> run = DevelopmentRelayNetwork.DeployedLinks(topology);
        if (topology.Nodes.Count > 253 || run.Count > MaxLinks)
        {
            return Result<NamespaceNetwork>.Fail($"the address plan holds at most 253 nodes and {MaxLinks} links; the topology has {topology.Nodes.Count} and {run.Count}.");
        }

        if (controllerPort is < 1 or > 65535)
        {
            return Result<NamespaceNetwork>.Fail("the controller port must be 1 to 65535.");
        }

        NamespaceNode[] nodes = [.. topology.Nodes.Select((n, k) => new NamespaceNode(n.Id.Value, $"{prefix}-{n.Id.Value}", new IPAddress([net[0], net[1], net[2], (byte)(k + 2)])))];
        NamespaceLink[] links = [.. run.Select((l, i) => new NamespaceLink(l.Id.Value, l.A.Value, l.B.Value, "l" + i.ToString(CultureInfo.InvariantCulture), LinkAddress(i, 1), LinkAddress(i, 2)))];
        var controller = new IPAddress([net[0], net[1], net[2], 1]);
        Dictionary<string, IReadOnlyList<string>> saes = DevelopmentRelayNetwork.SaesByNode(topology);
        var files = new DevelopmentRelayNetwork(directory, nodes.ToDictionary(n => n.Id, _ => DefaultKmePort), saes, controllerPort);
        var network = new NamespaceNetwork(files, prefix, nodes, links, controller, controllerPort);

        var names = nodes.ToDictionary(n => n.Id, n => (IReadOnlyList<IPAddress>)[n.Management, .. links.Where(l => l.A == n.Id || l.B == n.Id).Select(l => l.AddressOf(n.Id))]);
        names[DevelopmentRelayNetwork.ControllerName] = [controller];
        KeyManagement.Storage.StoreFiles.CreateFolder(directory);
        DevelopmentPki.Create(files.Pki, [.. nodes.Select(n => n.Id), DevelopmentRelayNetwork.ControllerName], [.. saes.Values.SelectMany(s => s), DevelopmentNetwork.Admin, DevelopmentNetwork.Stranger], TimeProvider.System, names);
        DevelopmentNetwork.WritePassphrase(directory);
        var at = new DevelopmentRelayNetwork.NodeAddressing(
            _ => "0.0.0.0:" + DefaultKmePort.ToString(CultureInfo.InvariantCulture),
            (peer, link) => $"https://{links.First(l => l.Id == link).AddressOf(peer)}:{DefaultKmePort.ToString(CultureInfo.InvariantCulture)}",
            new Uri($"https://{controller}:{controllerPort.ToString(CultureInfo.InvariantCulture)}/"));
        DevelopmentRelayNetwork.WriteConfigs(files, [.. links.Select(l => (l.Id, l.A, l.B))], at, paths, 2L << 20, null, 0);
        DevelopmentRelayNetwork.WriteDeployedTopology(files.Topology, topology, run, "deployed by NamespaceNetwork: one link per pair of neighbours");
        return network;
    }

    /// <summary>
    /// Bash that builds the namespaces, veths and addresses and then calls <c>start_controller ARGS...</c> once and
    /// <c>start_node NAMESPACE NODE CONFIG</c> per node: functions the script that sources it defines. Every command
    /// fails loudly (run it under <c>set -e</c>); nothing here is parsed by the script.
    /// </summary>
    public string Plan()
    {
        var plan = new StringBuilder();
        plan.AppendLine("# Written by `qkdnet controller netns-network`; sourced by deploy/netns/tokyo-netns.sh (which defines start_controller and start_node).");
        plan.AppendLine("# The management network: a bridge in the root namespace; the controller listens on its address.");
        Line(plan, "ip", "link", "add", Bridge, "type", "bridge");
        Line(plan, "ip", "addr", "add", $"{ControllerAddress}/24", "dev", Bridge);
        Line(plan, "ip", "link", "set", Bridge, "up");
        for (int k = 0; k < Nodes.Count; k++)
        {
            NamespaceNode node = Nodes[k];
            string rootEnd = Prefix + "m" + k.ToString(CultureInfo.InvariantCulture);
            plan.AppendLine(CultureInfo.InvariantCulture, $"# {node.Id}: its own namespace, its management interface on the bridge");
            Line(plan, "ip", "netns", "add", node.Namespace);
            Line(plan, "ip", "-n", node.Namespace, "link", "set", "lo", "up");
            Line(plan, "ip", "link", "add", rootEnd, "type", "veth", "peer", "name", ManagementInterface, "netns", node.Namespace);
            Line(plan, "ip", "link", "set", rootEnd, "master", Bridge, "up");
            Line(plan, "ip", "-n", node.Namespace, "addr", "add", $"{node.Management}/24", "dev", ManagementInterface);
            Line(plan, "ip", "-n", node.Namespace, "link", "set", ManagementInterface, "up");
        }

        foreach (NamespaceLink link in Links)
        {
            string a = NamespaceOf(link.A), b = NamespaceOf(link.B);
            plan.AppendLine(CultureInfo.InvariantCulture, $"# link {link.Id}: a veth pair, {link.AddressA}/30 at {link.A}, {link.AddressB}/30 at {link.B}");
            Line(plan, "ip", "link", "add", link.Interface, "netns", a, "type", "veth", "peer", "name", link.Interface, "netns", b);
            Line(plan, "ip", "-n", a, "addr", "add", $"{link.AddressA}/30", "dev", link.Interface);
            Line(plan, "ip", "-n", b, "addr", "add", $"{link.AddressB}/30", "dev", link.Interface);
            Line(plan, "ip", "-n", a, "link", "set", link.Interface, "up");
            Line(plan, "ip", "-n", b, "link", "set", link.Interface, "up");
        }

        plan.AppendLine("# The processes.");
        string pki = Files.Pki;
        Line(plan, "start_controller", "--topology", Files.Topology, "--listen", $"{ControllerAddress}:{ControllerPort.ToString(CultureInfo.InvariantCulture)}",
            "--cert", Path.Combine(pki, "controller.crt"), "--key", Path.Combine(pki, "controller.key"), "--ca", Path.Combine(pki, "ca.crt"),
            "--admin-cert", Path.Combine(pki, DevelopmentNetwork.Admin + ".crt"));
        foreach (NamespaceNode node in Nodes)
        {
            Line(plan, "start_node", node.Namespace, node.Id, Files.ConfigOf(node.Id));
        }

        return plan.ToString();
    }

    private const int MaxLinks = 16384;

    private string NamespaceOf(string node) => Nodes.First(n => n.Id == node).Namespace;

    /// <summary>Link <paramref name="index"/>'s /30 is 172.31.0.0 + 4 x index; host 1 is end A, host 2 end B.</summary>
    private static IPAddress LinkAddress(int index, int host)
    {
        int offset = (index * 4) + host;
        return new IPAddress([172, 31, (byte)(offset >> 8), (byte)(offset & 0xFF)]);
    }

    private static void Line(StringBuilder plan, params string[] words) =>
        plan.AppendLine(string.Join(' ', words.Select(Quote)));

    /// <summary>Single-quotes a word for bash unless it is plainly safe.</summary>
    private static string Quote(string word) =>
        SafeWord().IsMatch(word) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex("^[a-z][a-z0-9]{0,7}$", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixPattern();

    [GeneratedRegex("^[A-Za-z0-9._/:=@+-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeWord();
}

/// <summary>A node of a <see cref="NamespaceNetwork"/>.</summary>
/// <param name="Id">Its KME ID.</param>
/// <param name="Namespace">Its network namespace.</param>
/// <param name="Management">Its address on the management network.</param>
public sealed record NamespaceNode(string Id, string Namespace, IPAddress Management);

/// <summary>A link of a <see cref="NamespaceNetwork"/>: a veth pair named <see cref="Interface"/> at both ends.</summary>
/// <param name="Id">The link ID.</param>
/// <param name="A">One end's node.</param>
/// <param name="B">The other end's node.</param>
/// <param name="Interface">The interface name in both namespaces.</param>
/// <param name="AddressA">A's address (/30).</param>
/// <param name="AddressB">B's address (/30).</param>
public sealed record NamespaceLink(string Id, string A, string B, string Interface, IPAddress AddressA, IPAddress AddressB)
{
    /// <summary>The address of <paramref name="node"/>'s end.</summary>
    public IPAddress AddressOf(string node) => node == A ? AddressA : node == B ? AddressB : throw new ArgumentException($"'{node}' is not an end of link '{Id}'.", nameof(node));
}
