using System.Text;
using QkdNet.Control.Topology;
using QkdNet.Control.Topology.Json;
using QkdNet.Control.Topology.Yaml;
using QkdNet.KeyManagement;

namespace QkdNet.Simulation;

/// <summary>
/// Loads a topology file with its optional <c>simulation</c> section (JSON, or YAML by extension, as
/// <see cref="TopologyFile"/>), and checks what a simulation needs beyond a sound topology: every node reachable
/// from every other over some link. Every failure is a value whose lines start with the path and a line number.
/// Thread-safe (stateless).
/// </summary>
public static class ScenarioFile
{
    /// <summary>Reads and validates the file at <paramref name="path"/>.</summary>
    public static Result<SimulationInput> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        bool yaml = TopologyFile.IsYaml(path);
        return TopologyFile.Read(path, bytes => Parse(bytes, yaml));
    }

    /// <summary>Parses YAML text (tests and tools).</summary>
    public static Result<SimulationInput> ParseYaml(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return Parse(Encoding.UTF8.GetBytes(yaml), yaml: true);
    }

    /// <summary>Parses UTF-8 JSON or YAML.</summary>
    public static Result<SimulationInput> Parse(byte[] utf8, bool yaml)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        if (utf8.Length > TopologyJsonReader.MaxFileBytes)
        {
            return Result<SimulationInput>.Fail($"line 1: the file is larger than {TopologyJsonReader.MaxFileBytes} bytes.");
        }

        Result<PositionedJson> root = yaml ? PositionedYamlParser.Parse(utf8) : PositionedJsonParser.Parse(utf8);
        if (!root.IsSuccess)
        {
            return Result<SimulationInput>.Fail(root.Error!);
        }

        Result<NetworkTopology> topology = TopologyJsonReader.Read(root.Value);
        if (!topology.IsSuccess)
        {
            return Result<SimulationInput>.Fail(topology.Error!);
        }

        var errors = new List<string>();
        CheckConnected(root.Value, topology.Value, errors);
        root.Value.TryGetProperty("simulation", out PositionedJson? section);
        SimulationScenario scenario = ScenarioReader.Read(section, topology.Value, errors);
        return errors.Count > 0
            ? Result<SimulationInput>.Fail(string.Join('\n', errors))
            : new SimulationInput(topology.Value, scenario);
    }

    /// <summary>Names, at its line, every node that the first node cannot reach over links (a relay to it could never succeed).</summary>
    private static void CheckConnected(PositionedJson root, NetworkTopology topology, List<string> errors)
    {
        if (topology.Nodes.Count < 2)
        {
            return;
        }

        var seen = new HashSet<KmeId> { topology.Nodes[0].Id };
        var stack = new Stack<KmeId>();
        stack.Push(topology.Nodes[0].Id);
        while (stack.TryPop(out KmeId node))
        {
            foreach (TopologyLink link in topology.LinksOf(node))
            {
                if (seen.Add(link.OtherEnd(node)))
                {
                    stack.Push(link.OtherEnd(node));
                }
            }
        }

        root.TryGetProperty("nodes", out PositionedJson? nodes);
        for (int i = 0; i < topology.Nodes.Count; i++)
        {
            if (!seen.Contains(topology.Nodes[i].Id))
            {
                int line = nodes is not null && i < nodes.Items.Count ? nodes.Items[i].Line : 1;
                errors.Add($"line {line}: node '{topology.Nodes[i].Id}' is disconnected: no chain of links joins it to '{topology.Nodes[0].Id}'.");
            }
        }
    }
}
