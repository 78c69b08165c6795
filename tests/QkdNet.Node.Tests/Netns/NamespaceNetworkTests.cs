using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using QkdNet.Control.Topology;
using QkdNet.Development.Pki;

namespace QkdNet.Node.Tests.Netns;

/// <summary>The address plan, certificates and configurations of a namespace deployment (no root needed: nothing is started).</summary>
public sealed class NamespaceNetworkTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qkdnet-netns-plan-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Tokyo_EachLinkGetsAVethPairWithA30_AndPeersAreReachedOverTheirLink()
    {
        NamespaceNetwork net = Create().Value;

        Assert.Equal(["koganei", "otemachi", "hakusan", "hongo"], net.Nodes.Select(n => n.Id));
        Assert.Equal(IPAddress.Parse("10.250.7.5"), net.Nodes[3].Management);
        Assert.DoesNotContain(net.Links, l => l.Id == "koganei-otemachi-2"); // one link per pair of neighbours is deployed
        NamespaceLink otemachiHongo = net.Links.Single(l => l.Id == "otemachi-hongo");
        Assert.Equal((IPAddress.Parse("172.31.0.9"), IPAddress.Parse("172.31.0.10")), (otemachiHongo.AddressA, otemachiHongo.AddressB));

        using JsonDocument hongo = JsonDocument.Parse(File.ReadAllText(net.Files.ConfigOf("hongo")));
        Assert.Equal("0.0.0.0:8443", hongo.RootElement.GetProperty("listen").GetString());
        JsonElement otemachi = hongo.RootElement.GetProperty("peers").EnumerateArray().Single(p => p.GetProperty("kme_id").GetString() == "otemachi");
        Assert.Equal("https://172.31.0.9:8443", otemachi.GetProperty("kx_url").GetString());
        Assert.Equal("https://10.250.7.1:8440/", hongo.RootElement.GetProperty("network").GetProperty("controller").GetProperty("url").GetString());
        Assert.True(TopologyFile.Load(net.Files.Topology).IsSuccess);
    }

    [Fact]
    public void Certificates_NameTheManagementAndLinkAddresses()
    {
        NamespaceNetwork net = Create().Value;

        Assert.Equal(["10.250.7.5", "127.0.0.1", "172.31.0.10", "172.31.0.14"], AddressesOf(net, "hongo"));
        Assert.Equal(["10.250.7.1", "127.0.0.1"], AddressesOf(net, DevelopmentRelayNetwork.ControllerName));
    }

    [Fact]
    public void Plan_BuildsEveryNamespaceAndLink_ThenStartsTheProcesses_WithShortInterfaceNames()
    {
        NamespaceNetwork net = Create().Value;

        string[] lines = net.Plan().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Contains("ip link add qk7br type bridge", lines);
        Assert.Contains("ip netns add qk7-hongo", lines);
        Assert.Contains("ip link add l2 netns qk7-otemachi type veth peer name l2 netns qk7-hongo", lines);
        Assert.Contains("ip -n qk7-hongo addr add 172.31.0.10/30 dev l2", lines);
        Assert.Contains($"start_node qk7-hongo hongo {net.Files.ConfigOf("hongo")}", lines);
        Assert.Single(lines, l => l.StartsWith("start_controller --topology ", StringComparison.Ordinal) && l.Contains("--listen 10.250.7.1:8440", StringComparison.Ordinal));
        Assert.True(Array.FindLastIndex(lines, l => l.StartsWith("ip ", StringComparison.Ordinal)) < Array.FindIndex(lines, l => l.StartsWith("start_", StringComparison.Ordinal)));
        Assert.All(Interfaces(lines), name => Assert.True(name.Length <= 15, name)); // IFNAMSIZ - 1
    }

    [Theory]
    [InlineData("QK", "10.250.7.0", "prefix 'QK'")]
    [InlineData("toolongprefix", "10.250.7.0", "1 to 8 characters")]
    [InlineData("qk7", "10.250.7.1", "must be an IPv4 /24")]
    [InlineData("qk7", "fd00::", "must be an IPv4 /24")]
    public void BadPrefixOrManagementNetwork_FailsAndWritesNothing(string prefix, string management, string problem)
    {
        Result<NamespaceNetwork> result = Create(prefix, management);

        Assert.False(result.IsSuccess);
        Assert.Contains(problem, result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_directory));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private Result<NamespaceNetwork> Create(string prefix = "qk7", string management = "10.250.7.0") =>
        NamespaceNetwork.Create(_directory, TopologyFile.Load(RepositoryFile("examples", "topologies", "tokyo-qkd-network.yaml")).Value, prefix, IPAddress.Parse(management), 8440);

    private static string[] AddressesOf(NamespaceNetwork net, string name)
    {
        using X509Certificate2 certificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(net.Files.Pki, name + ".crt"));
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        return [.. names.EnumerateIPAddresses().Select(a => a.ToString()).Order(StringComparer.Ordinal)];
    }

    /// <summary>Every interface name the plan creates: the bridge, the root ends of the management veths, the link veths.</summary>
    private static IEnumerable<string> Interfaces(string[] lines) =>
        lines.Where(l => l.StartsWith("ip link add ", StringComparison.Ordinal)).SelectMany(l =>
        {
            string[] words = l.Split(' ');
            return words.Select((w, i) => (w, i)).Where(p => p.i == 3 || (p.i > 0 && words[p.i - 1] == "name")).Select(p => p.w);
        });

    private static string RepositoryFile(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "QkdNet.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine([dir?.FullName ?? throw new InvalidOperationException("repository root not found"), .. parts]);
    }
}
