using QkdNet.Control.Topology;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Node.Configuration;
using QkdNet.Node.Links;
using QkdNet.Development.Pki;
using QkdNet.PostProcessing.Pipeline;

namespace QkdNet.Node.Tests.Network;

/// <summary>The <c>network</c> section of node.json: checked against the topology and the node's own links at load time.</summary>
public sealed class NetworkSectionTests : IDisposable
{
    private readonly DevelopmentRelayNetwork _net = DevelopmentRelayNetwork.Create(
        RelayNetworkFixture.NewDirectory(), [("AB", "A", "B"), ("BC", "B", "C")],
        new Dictionary<string, IReadOnlyList<string>> { ["A"] = ["sae-a1"], ["B"] = [], ["C"] = ["sae-c1"] },
        pbkdf2Iterations: SealSetup.MinPbkdf2Iterations);

    [Fact]
    public void ValidSection_LoadsTopologyAndDefaults()
    {
        Result<NodeSettings> loaded = NodeConfigLoader.Load(_net.ConfigOf("B"));
        Assert.True(loaded.IsSuccess, loaded.Error);
        Assert.Equal(3, loaded.Value.Network!.Topology.Nodes.Count);
        Assert.Equal(1, loaded.Value.Network.Paths);
        Assert.Equal(TimeSpan.FromSeconds(5), loaded.Value.Network.Timeout);
    }

    [Fact]
    public void LinkQberThreshold_ComesFromTheTopology_AndReachesPostProcessing()
    {
        NetworkTopology topology = TopologyJsonReader.Load(_net.Topology).Value;
        TopologyLink[] links = [.. topology.Links.Select(l => l.Id.Value == "AB" ? l with { QberThreshold = 0.08 } : l)];
        File.WriteAllText(_net.Topology, TopologyJsonWriter.Write(NetworkTopology.Create(topology.Name, topology.Nodes, links, topology.Saes).Value));

        Result<NodeSettings> loaded = NodeConfigLoader.Load(_net.ConfigOf("A"));

        Assert.True(loaded.IsSuccess, loaded.Error);
        LinkSettings ab = Assert.Single(loaded.Value.Links);
        Assert.Equal(0.08, ab.QberThreshold);
        (_, _, IDisposable? owner) = LinkFeeder.CreateSource(ab with { Source = ab.Source with { Kind = LinkSourceKind.Simulated, Preset = "gys", DistanceKm = 13 } }, TimeProvider.System);
        using var simulated = Assert.IsType<SimulatedQkdLink>(owner);
        Assert.Equal(0.08, simulated.Options.MaxQber);
    }

    [Fact]
    public void MalformedTopology_FailsNamingTheFieldAndTheLine()
    {
        File.WriteAllText(_net.Topology, "{\n  \"name\": \"x\",\n  \"nodes\": [ { \"id\": \"A\" } ],\n  \"links\": [ { \"id\": \"AB\", \"a\": \"A\", \"b\": \"Nowhere\" } ]\n}");
        Result<NodeSettings> loaded = NodeConfigLoader.Load(_net.ConfigOf("A"));
        Assert.False(loaded.IsSuccess);
        Assert.Contains("$.network.topology", loaded.Error, StringComparison.Ordinal);
        Assert.Contains("line 4", loaded.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TopologyLinkNotConfiguredAtTheNode_Fails()
    {
        string topology = File.ReadAllText(_net.Topology).Replace("\"id\": \"BC\"", "\"id\": \"BC2\"", StringComparison.Ordinal);
        File.WriteAllText(_net.Topology, topology);
        Result<NodeSettings> loaded = NodeConfigLoader.Load(_net.ConfigOf("C"));
        Assert.False(loaded.IsSuccess);
        Assert.Contains("link 'BC2' to 'B' is in the topology but not in $.links", loaded.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void PathsOutOfRange_Fails()
    {
        string config = File.ReadAllText(_net.ConfigOf("A")).Replace("\"paths\": 1", "\"paths\": 9", StringComparison.Ordinal);
        File.WriteAllText(_net.ConfigOf("A"), config);
        Result<NodeSettings> loaded = NodeConfigLoader.Load(_net.ConfigOf("A"));
        Assert.False(loaded.IsSuccess);
        Assert.Contains("$.network.paths", loaded.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_net.Directory, recursive: true);
        }
        catch (IOException)
        {
            // the OS cleans the temp folder
        }
    }
}
