using QkdNet.Control.Topology;
using QkdNet.KeyManagement;
using QkdNet.Simulation;
using QkdNet.Tests.Control.Support;

namespace QkdNet.Tests.Simulation;

public sealed class ExampleScenarioTests
{
    [Fact]
    public void JapanWan_HasOverAHundredLinksAroundTheTokyoCore_WithNoFibreHopOverAbout100Km()
    {
        Result<SimulationInput> input = ScenarioFile.Load(ExampleTopologies.PathOf("japan-wan.yaml"));
        Assert.True(input.IsSuccess, input.Error);
        NetworkTopology topology = input.Value.Topology;

        Assert.True(topology.Links.Count >= 100, $"{topology.Links.Count} links");
        Assert.All(topology.Nodes, n => Assert.NotNull(n.Position));
        foreach (string core in new[] { "koganei", "otemachi", "hakusan", "hongo" })
        {
            Assert.True(topology.ContainsNode(KmeId.Create(core)), core);
        }

        Assert.All(topology.Links, l => Assert.InRange(l.Physics.LengthKm, 1, 110));
        Assert.Equal(10_000, input.Value.Scenario.Users);
    }

    [Fact]
    public void Global_JoinsAtLeastThreeRegionsThroughASatelliteWithFreeSpaceLinksOnly()
    {
        Result<SimulationInput> input = ScenarioFile.Load(ExampleTopologies.PathOf("global.yaml"));
        Assert.True(input.IsSuccess, input.Error);
        SimulationScenario scenario = input.Value.Scenario;

        SatelliteOrbit satellite = Assert.Single(scenario.Satellites);
        Assert.True(scenario.Regions.Values.Distinct().Count() >= 3);
        IReadOnlyList<TopologyLink> downlinks = input.Value.Topology.LinksOf(satellite.Node);
        Assert.True(downlinks.Count >= 3);
        Assert.All(downlinks, l => Assert.Equal(ChannelKind.FreeSpace, l.Physics.Kind));
        Assert.True(scenario.Demand.Intercontinental > 0);
    }
}
