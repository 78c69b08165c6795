using System.Text.Json;
using QkdNet.Control.Topology;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Node.Demo;
using QkdNet.Node.Tests.Support;

namespace QkdNet.Node.Tests.Demo;

/// <summary>The files of the demo's network: the Tokyo links with their presets, the applications' SAEs, consecutive ports from a base.</summary>
public sealed class DemoDeploymentTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qkdnet-demo-deployment-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Write_RunsOneLinkPerRoute_EachSimulatedWithItsPresetAndFibre_AndPortsFollowTheBase()
    {
        NetworkTopology tokyo = TopologyJsonReader.Load(Path.Combine(Repository.Root, "examples", "topologies", "tokyo-qkd-network.json")).Value;

        DemoDeployment d = DemoDeployment.Write(_directory, tokyo, shareServers: 5, highWatermarkBits: 1 << 20, portBase: 41000, pbkdf2Iterations: SealSetup.MinPbkdf2Iterations);

        Assert.Equal(["koganei-otemachi-2", "otemachi-hakusan", "otemachi-hongo", "hakusan-hongo"], d.Topology.Links.Select(l => l.Id.Value));
        Assert.Equal(Enumerable.Range(41000, DemoDeployment.PortCount(tokyo, 5)), d.Ports);
        using JsonDocument hongo = JsonDocument.Parse(File.ReadAllText(d.Network.ConfigOf("hongo")));
        JsonElement source = hongo.RootElement.GetProperty("links").EnumerateArray().First(l => l.GetProperty("id").GetString() == "otemachi-hongo").GetProperty("source");
        Assert.Equal("simulated", source.GetProperty("kind").GetString());
        Assert.Equal("gys", source.GetProperty("preset").GetString());
        Assert.Equal(13, source.GetProperty("distance_km").GetDouble());
        Assert.Contains(hongo.RootElement.GetProperty("saes").EnumerateArray(), s => s.GetProperty("id").GetString() == DemoDeployment.Broker);
        Assert.True(File.Exists(Path.Combine(d.Network.Pki, "s1.crt")));
        Assert.True(File.Exists(Path.Combine(d.Network.Pki, DemoDeployment.Bank + ".crt")));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // the OS cleans the temp folder
        }
    }
}
