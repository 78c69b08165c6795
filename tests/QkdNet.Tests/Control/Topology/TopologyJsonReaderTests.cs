using QkdNet.Control.Topology;
using QkdNet.KeyManagement;

namespace QkdNet.Tests.Control.Topology;

public sealed class TopologyJsonReaderTests
{
    private const string Valid = """
        {
          "name": "Two nodes",
          "nodes": [
            { "id": "A" },
            { "id": "B", "name": "Bee", "site": "lab", "latitude": 35.0, "longitude": 139.0 }
          ],
          "links": [
            { "id": "AB", "a": "A", "b": "B", "fibreKm": 20 },
            { "id": "AB-sky", "a": "A", "b": "B", "freeSpaceLossDb": 30, "qberThreshold": 0.05, "speedUp": 100 }
          ],
          "saes": [ { "id": "app", "home": "B" } ]
        }
        """;

    [Fact]
    public void Parse_ValidFile_ReadsEveryField()
    {
        NetworkTopology t = TopologyJsonReader.Parse(Valid).Value;

        Assert.Equal("Two nodes", t.Name);
        Assert.Equal("A", t.Nodes[0].Name);
        Assert.Equal(new GeoPosition(35.0, 139.0), t.Nodes[1].Position);
        Assert.Equal(ChannelKind.Fibre, t.Links[0].Physics.Kind);
        Assert.Equal(20 * 0.21, t.Links[0].Physics.ChannelLossDb, 12);
        Assert.Equal(TopologyLink.DefaultQberThreshold, t.Links[0].QberThreshold);
        Assert.Equal(ChannelKind.FreeSpace, t.Links[1].Physics.Kind);
        Assert.Equal(30, t.Links[1].Physics.ChannelLossDb);
        Assert.Equal(100, t.Links[1].SpeedUp);
        Assert.True(t.TryGetSae(SaeId.Create("app"), out TopologySae sae));
        Assert.Equal(KmeId.Create("B"), sae.Home);
        Assert.Equal(2, t.LinksOf(KmeId.Create("A")).Count);
    }

    [Theory]
    [InlineData("tokyo-2011", "\"fibreKm\": 45, \"lossDbPerKm\": 0.3222")]
    [InlineData("toshiba-2018", "\"fibreKm\": 10")]
    [InlineData("boaron-2018", "\"fibreKm\": 100")]
    [InlineData("micius-2017", "\"freeSpaceLossDb\": 30")]
    public void Parse_PublishedSystemPreset_GivesThatPresetsDeviceAndAPositiveRate(string preset, string channel)
    {
        string json = $$"""
            { "name": "n", "nodes": [ { "id": "A" }, { "id": "B" } ],
              "links": [ { "id": "AB", "a": "A", "b": "B", "preset": "{{preset}}", {{channel}} } ], "saes": [] }
            """;
        LinkPhysics physics = TopologyJsonReader.Parse(json).Value.Links[0].Physics;
        Assert.Equal(preset, physics.Preset);
        Assert.Equal(QkdNet.Quantum.Physics.LinkPresets.Find(preset).Value.Device.Source, physics.CreateLink().Source);
        Assert.True(physics.ExpectedSecretKeyRateBps() > 0);
    }

    [Theory]
    [InlineData("\"fibreKm\": 20", "\"fibreKm\": -5", 8, "fibre length must be a non-negative number of km")]
    [InlineData("\"b\": \"B\", \"fibreKm\"", "\"b\": \"Z\", \"fibreKm\"", 8, "names unknown node 'Z'")]
    [InlineData("{ \"id\": \"A\" }", "{ \"id\": \"B\" }", 5, "duplicate node id 'B'")]
    [InlineData("\"fibreKm\": 20", "\"fibreKm\": \"twenty\"", 8, "'fibreKm' in link #1 must be a number, got a string")]
    [InlineData("{ \"id\": \"app\", \"home\": \"B\" }", "{ \"home\": \"B\" }", 11, "missing required field 'id'")]
    [InlineData("\"speedUp\": 100", "\"speedup\": 100", 9, "unknown field 'speedup'")]
    [InlineData("\"qberThreshold\": 0.05", "\"qberThreshold\": 0.9", 9, "QBER threshold must be in (0, 0.5]")]
    [InlineData("\"fibreKm\": 20 }", "\"fibreKm\": 20, \"preset\": \"xyz\" }", 8, "unknown preset 'xyz'")]
    [InlineData("\"latitude\": 35.0", "\"latitude\": 135.0", 5, "latitude must be between -90 and 90")]
    [InlineData("\"id\": \"AB-sky\"", "\"id\": \"AB\"", 9, "duplicate link id 'AB'")]
    [InlineData("{ \"id\": \"A\" }", "{ \"id\": \"A B\" }", 4, "'A B' is not a valid node id")]
    [InlineData("\"freeSpaceLossDb\": 30,", "", 9, "needs exactly one of 'fibreKm'")]
    public void Parse_BadValue_NamesLineAndProblem(string from, string to, int line, string problem)
    {
        string json = Valid.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Valid, json);

        Result<NetworkTopology> result = TopologyJsonReader.Parse(json);

        Assert.False(result.IsSuccess);
        Assert.StartsWith($"line {line}", result.Error, StringComparison.Ordinal);
        Assert.Contains(problem, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SyntaxError_NamesLineWithoutStackTrace()
    {
        string json = Valid.Replace("\"id\": \"AB\",", "\"id\": \"AB\"", StringComparison.Ordinal);

        Result<NetworkTopology> result = TopologyJsonReader.Parse(json);

        Assert.StartsWith("line 8, column", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "line 1: the file is empty")]
    [InlineData("[]", "line 1: the topology must be an object, got an array")]
    [InlineData("{ \"name\": \"x\", \"name\": \"y\", \"nodes\": [] }", "line 1: duplicate field 'name'")]
    [InlineData("{\n \"name\": \"x\",\n \"nodes\": []\n}", "line 3: the network needs at least one node")]
    [InlineData("{\n \"name\": \"x\"\n}", "line 1: the topology is missing required field 'nodes'")]
    public void Parse_BadDocument_NamesProblem(string json, string expected)
    {
        Result<NetworkTopology> result = TopologyJsonReader.Parse(json);

        Assert.False(result.IsSuccess);
        Assert.StartsWith(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsEachOnItsOwnLine()
    {
        string json = Valid.Replace("\"fibreKm\": 20", "\"fibreKm\": -1", StringComparison.Ordinal)
            .Replace("\"speedUp\": 100", "\"speedUp\": true", StringComparison.Ordinal);

        string[] errors = TopologyJsonReader.Parse(json).Error!.Split('\n');

        Assert.Equal(2, errors.Length);
        Assert.StartsWith("line 8:", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("line 9:", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_ReturnsFailureNamingPath()
    {
        Result<NetworkTopology> result = TopologyJsonReader.Load("/nonexistent/dir/topology.json");

        Assert.False(result.IsSuccess);
        Assert.Contains("/nonexistent/dir/topology.json", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteThenParse_RoundTripsTheTopology()
    {
        NetworkTopology original = TopologyJsonReader.Parse(Valid).Value;

        NetworkTopology copy = TopologyJsonReader.Parse(TopologyJsonWriter.Write(original, "generated")).Value;

        Assert.Equal(original.Nodes, copy.Nodes);
        Assert.Equal(original.Links, copy.Links);
        Assert.Equal(original.Saes, copy.Saes);
    }
}
