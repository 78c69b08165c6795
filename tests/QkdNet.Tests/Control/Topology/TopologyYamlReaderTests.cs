using QkdNet.Control.Topology;
using QkdNet.KeyManagement;
using QkdNet.Tests.Control.Support;

namespace QkdNet.Tests.Control.Topology;

public sealed class TopologyYamlReaderTests
{
    // Lines: 1 name, 2 nodes, 3 A, 4 B id, 5 B name, 6 B latitude, 7 B longitude, 8 links, 9 AB, 10 AB-sky id, 11 a, 12 b,
    // 13 freeSpaceLossDb, 14 qberThreshold, 15 speedUp, 16 saes, 17 app.
    private const string Valid = """
        name: Two nodes
        nodes:
          - { id: A }
          - id: B
            name: Bee
            latitude: 35.0
            longitude: 139.0
        links:
          - { id: AB, a: A, b: B, fibreKm: 20 }
          - id: AB-sky
            a: A
            b: B
            freeSpaceLossDb: 30
            qberThreshold: 0.05
            speedUp: 100
        saes:
          - { id: app, home: B }
        """;

    [Fact]
    public void Parse_ValidFile_ReadsEveryField()
    {
        NetworkTopology t = TopologyYamlReader.Parse(Valid).Value;

        Assert.Equal("Two nodes", t.Name);
        Assert.Equal("Bee", t.Nodes[1].Name);
        Assert.Equal(new GeoPosition(35.0, 139.0), t.Nodes[1].Position);
        Assert.Equal(20 * 0.21, t.Links[0].Physics.ChannelLossDb, 12);
        Assert.Equal(ChannelKind.FreeSpace, t.Links[1].Physics.Kind);
        Assert.Equal(0.05, t.Links[1].QberThreshold);
        Assert.Equal(100, t.Links[1].SpeedUp);
        Assert.True(t.TryGetSae(SaeId.Create("app"), out TopologySae sae));
        Assert.Equal(KmeId.Create("B"), sae.Home);
    }

    [Fact]
    public void TokyoExample_YamlAndJson_LoadToTheSameTopology()
    {
        NetworkTopology json = TopologyFile.Load(ExampleTopologies.PathOf("tokyo-qkd-network.json")).Value;
        Result<NetworkTopology> yaml = TopologyFile.Load(ExampleTopologies.PathOf("tokyo-qkd-network.yaml"));

        Assert.True(yaml.IsSuccess, yaml.Error);
        Assert.Equal(json.Name, yaml.Value.Name);
        Assert.Equal(json.Nodes, yaml.Value.Nodes);
        Assert.Equal(json.Links, yaml.Value.Links);
        Assert.Equal(json.Saes, yaml.Value.Saes);
    }

    [Theory]
    [InlineData("fibreKm: 20", "fibreKm: twenty", 9, "'fibreKm' in link #1 must be a number, got a string")]
    [InlineData("fibreKm: 20", "fibreKm: \"20\"", 9, "'fibreKm' in link #1 must be a number, got a string")]
    [InlineData("    b: B\n", "    b: Shinjuku\n", 12, "link 'AB-sky' names unknown node 'Shinjuku'")]
    [InlineData("{ id: app, home: B }", "{ id: app, home: Z }", 17, "names unknown home node 'Z'")]
    [InlineData("    speedUp: 100", "    speedup: 100", 15, "unknown field 'speedup'")]
    [InlineData("    qberThreshold: 0.05", "    qberThreshold: 0.9", 14, "QBER threshold must be in (0, 0.5]")]
    [InlineData("latitude: 35.0", "latitude: 135.0", 6, "latitude must be between -90 and 90")]
    [InlineData("  - { id: A }", "  - { id: B }", 4, "duplicate node id 'B'")]
    [InlineData("  - { id: A }", "  - [A]", 3, "node #1 must be an object, got an array")]
    [InlineData("speedUp: 100", "speedUp: .inf", 15, "number out of range")]
    public void Parse_BadValue_NamesLineAndProblem(string from, string to, int line, string problem)
    {
        string yaml = Valid.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Valid, yaml);

        Result<NetworkTopology> result = TopologyYamlReader.Parse(yaml);

        Assert.False(result.IsSuccess);
        Assert.StartsWith($"line {line}", result.Error, StringComparison.Ordinal);
        Assert.Contains(problem, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("    a: A\n", "    a: [A\n", 12)] // the unclosed '[' of line 11 shows on line 12
    [InlineData("    a: A\n", "    a: 'A\n", 11)] // an unclosed quote: the line it opens on
    [InlineData("    b: B\n    free", "    b: B\n   free", 13)]
    public void Parse_SyntaxError_NamesLineWithoutStackTrace(string from, string to, int line)
    {
        string yaml = Valid.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Valid, yaml);

        Result<NetworkTopology> result = TopologyYamlReader.Parse(yaml);

        Assert.False(result.IsSuccess);
        Assert.Matches($"^line {line}, column [0-9]+: invalid YAML \\(", result.Error);
        Assert.DoesNotContain(" at ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "line 1: the file is empty")]
    [InlineData("- a\n- b\n", "line 1: the topology must be an object, got an array")]
    [InlineData("name: x\nname: y\nnodes: []\n", "line 2: duplicate field 'name'")]
    [InlineData("name: x\nnodes: &n []\nlinks: *n\n", "line 3: YAML aliases")]
    [InlineData("name: x\nnodes: [{ id: A }]\n---\nname: y\n", "line 3: unexpected second document")]
    [InlineData("name: x\nnodes: []\n", "line 2: the network needs at least one node")]
    public void Parse_BadDocument_NamesProblem(string yaml, string expected)
    {
        Result<NetworkTopology> result = TopologyYamlReader.Parse(yaml);

        Assert.False(result.IsSuccess);
        Assert.StartsWith(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_QuotedNumberLikeId_IsAString()
    {
        NetworkTopology t = TopologyYamlReader.Parse("name: n\nnodes: [{ id: \"1\" }, { id: '2' }]\nlinks: [{ id: \"12\", a: \"1\", b: \"2\", fibreKm: 0x10 }]\n").Value;

        Assert.Equal("1", t.Nodes[0].Id.Value);
        Assert.Equal(16, t.Links[0].Physics.LengthKm);
    }

    [Theory]
    [InlineData("t.yaml", true)]
    [InlineData("t.YML", true)]
    [InlineData("t.json", false)]
    [InlineData("yaml", false)]
    public void IsYaml_ChoosesByExtension(string path, bool yaml) => Assert.Equal(yaml, TopologyFile.IsYaml(path));

    [Fact]
    public void Load_BadYamlFile_PrefixesEveryLineWithThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"qkdnet-topology-{Guid.NewGuid():N}.yml");
        File.WriteAllText(path, Valid.Replace("home: B", "home: Z", StringComparison.Ordinal));
        try
        {
            Result<NetworkTopology> result = TopologyFile.Load(path);

            Assert.Equal($"{path}: line 17: SAE 'app' names unknown home node 'Z'.", result.Error);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
