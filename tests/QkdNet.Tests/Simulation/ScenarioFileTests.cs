using QkdNet.Simulation;

namespace QkdNet.Tests.Simulation;

public sealed class ScenarioFileTests
{
    private const string Head = """
        name: bad
        nodes:
          - { id: a }
          - { id: b }
        links:
          - { id: ab, a: a, b: b, fibreKm: 10 }

        """;

    private static string ErrorOf(string yaml)
    {
        Result<SimulationInput> input = ScenarioFile.ParseYaml(yaml);
        Assert.False(input.IsSuccess);
        return input.Error!;
    }

    [Fact]
    public void DisconnectedNode_IsNamedAtItsLine()
    {
        string error = ErrorOf(Head.Replace("  - { id: b }\n", "  - { id: b }\n  - { id: island }\n", StringComparison.Ordinal));
        Assert.Equal("line 5: node 'island' is disconnected: no chain of links joins it to 'a'.", error);
    }

    [Fact]
    public void LinkWithoutPhysics_IsNamedAtItsLine()
    {
        string error = ErrorOf(Head.Replace("fibreKm: 10 }", "preset: gys }", StringComparison.Ordinal));
        Assert.StartsWith("line 6: link 'ab' needs exactly one of 'fibreKm'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicatedLinkId_IsNamedAtItsLine()
    {
        string error = ErrorOf(Head.Replace("  - { id: ab, a: a, b: b, fibreKm: 10 }\n",
            "  - { id: ab, a: a, b: b, fibreKm: 10 }\n  - { id: ab, a: b, b: a, fibreKm: 12 }\n", StringComparison.Ordinal));
        Assert.Contains("line 7: duplicate link id 'ab'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void UsersOnAMissingNode_AreNamedAtTheirLine()
    {
        string error = ErrorOf(Head + """
            simulation:
              population:
                - { node: a, weight: 1 }
                - { node: osaka, weight: 2 }
            """);
        Assert.Equal("line 10: unknown node 'osaka'.", error);
    }

    [Fact]
    public void NegativeRequestRate_IsNamedAtItsLine()
    {
        string error = ErrorOf(Head + """
            simulation:
              demand:
                keyBits: 256
                requestsPerUserPerHour: -3
            """);
        Assert.Equal("line 10: 'requestsPerUserPerHour' must be a number >= 0, got -3.", error);
    }

    [Fact]
    public void SatelliteOnAFibreLink_IsRefusedAtItsLine()
    {
        string error = ErrorOf(Head + """
            simulation:
              satellites: [ { node: a } ]
            """);
        Assert.Equal("line 8: satellite 'a' has fibre link 'ab'; a satellite's links must be free-space (freeSpaceLossDb).", error);
    }

    [Fact]
    public void MixNotAddingUpToOne_IsRefused()
    {
        string error = ErrorOf(Head + """
            simulation:
              demand: { mix: { local: 0.5, national: 0.2 } }
            """);
        Assert.Contains("the mix shares must add up to 1", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PrefixesEveryProblemWithThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"qkdnet-scenario-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, Head + "simulation: { hours: -1 }\n");
        try
        {
            Result<SimulationInput> input = ScenarioFile.Load(path);
            Assert.Equal($"{path}: line 7: 'hours' must be a positive number, got -1.", input.Error);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
