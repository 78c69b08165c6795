using QkdNet.Simulation;

namespace QkdNet.Tests.Simulation;

/// <summary>Small hand-checkable networks in YAML.</summary>
internal static class SimulationFixtures
{
    public static SimulationInput Parse(string yaml)
    {
        Result<SimulationInput> input = ScenarioFile.ParseYaml(yaml);
        Assert.True(input.IsSuccess, input.Error);
        return input.Value;
    }

    public static SimulationReport Run(string yaml, ulong seed = 7)
    {
        Result<SimulationReport> report = WanSimulation.Run(Parse(yaml), seed);
        Assert.True(report.IsSuccess, report.Error);
        return report.Value;
    }

    public static LinkOutcome Link(SimulationReport report, string id) => report.LinkOutcomes.Single(l => l.Link == id);

    /// <summary>a - b - c - d, users only on a and d, every request a to d or d to a, big full pools.</summary>
    public const string Chain = """
        name: chain
        nodes: [ { id: a }, { id: b }, { id: c }, { id: d } ]
        links:
          - { id: ab, a: a, b: b, fibreKm: 10 }
          - { id: bc, a: b, b: c, fibreKm: 10 }
          - { id: cd, a: c, b: d, fibreKm: 10 }
        simulation:
          users: 20
          hours: 6
          defaultWeight: 0
          population: [ { node: a, weight: 1 }, { node: d, weight: 1 } ]
          pool: { capacityBits: 16777216, lowWatermarkBits: 1048576, highWatermarkBits: 4194304, initialFraction: 1 }
          demand: { requestsPerUserPerHour: 10, keyBits: 256, mix: { local: 0, national: 1, intercontinental: 0 } }
        """;

    /// <summary>The ring a - b - c - d - a with users on a and b; the events are appended by each test.</summary>
    public static string Ring(string extra = "") => $$"""
        name: ring
        nodes: [ { id: a }, { id: b }, { id: c }, { id: d } ]
        links:
          - { id: ab, a: a, b: b, fibreKm: 10 }
          - { id: bc, a: b, b: c, fibreKm: 10 }
          - { id: cd, a: c, b: d, fibreKm: 10 }
          - { id: da, a: d, b: a, fibreKm: 10 }
        simulation:
          users: 20
          hours: 6
          defaultWeight: 0
          population: [ { node: a, weight: 1 }, { node: b, weight: 1 } ]
          pool: { capacityBits: 16777216, lowWatermarkBits: 1048576, highWatermarkBits: 4194304, initialFraction: 1 }
          demand: { requestsPerUserPerHour: 20, keyBits: 256, mix: { local: 0, national: 1, intercontinental: 0 } }
        {{extra}}
        """;
}
