using System.Text.Json;
using QkdNet.Control.Topology;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Development.Demo;
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

    [Fact]
    public void Write_PutsAStatisticsServerBesideEachOfTheFirstThreeShareServers_WithQkdPairwiseKeys_AndAnAnalystWhoMayOnlyQuery()
    {
        NetworkTopology tokyo = TopologyJsonReader.Load(Path.Combine(Repository.Root, "examples", "topologies", "tokyo-qkd-network.json")).Value;

        DemoDeployment d = DemoDeployment.Write(_directory, tokyo, shareServers: 5, highWatermarkBits: 1 << 20, pbkdf2Iterations: SealSetup.MinPbkdf2Iterations);

        Assert.Equal(["s1-stats", "s2-stats", "s3-stats"], d.StatisticsServerNames);
        using JsonDocument s1 = JsonDocument.Parse(File.ReadAllText(d.StatisticsServerConfigs[0]));
        Assert.Equal("s1", s1.RootElement.GetProperty("name").GetString());
        Assert.Equal("qkd", s1.RootElement.GetProperty("pairwise_keys").GetString());
        Assert.Equal(DemoDeployment.DataCentre, s1.RootElement.GetProperty("kme").GetProperty("kme_id").GetString());
        Assert.Equal(["s1", "s2", "s3"], s1.RootElement.GetProperty("servers").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.True(File.Exists(Path.Combine(d.Network.Pki, DemoDeployment.Analyst + ".crt")));
        using JsonDocument policy = JsonDocument.Parse(File.ReadAllText(Path.Combine(d.Network.Directory, "policy.json")));
        JsonElement analyst = policy.RootElement.GetProperty("principals").EnumerateArray().Single(p => p.GetProperty("name").GetString() == DemoDeployment.Analyst);
        Assert.Equal(["analyst"], analyst.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(d.StatisticsServerPorts.Count, d.StatisticsServerPorts.Distinct().Except(d.ShareServerPorts).Count());
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
