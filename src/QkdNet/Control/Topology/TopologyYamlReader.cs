using System.Text;
using QkdNet.Control.Topology.Yaml;

namespace QkdNet.Control.Topology;

/// <summary>
/// Reads a topology from YAML: the same fields, defaults and checks as <see cref="TopologyJsonReader"/>, and every
/// failure a value whose text names the line and the problem, e.g. <c>line 14: link 'L2' names unknown node 'Shinjuku'.</c>
/// </summary>
/// <remarks>
/// One document, block or flow style, <c>#</c> comments. Plain scalars are typed by the YAML 1.2 core schema, so a
/// number is written bare (<c>fibreKm: 45</c>) and an ID that looks like a number is quoted. Aliases are refused.
/// Thread-safe (stateless).
/// </remarks>
public static class TopologyYamlReader
{
    /// <summary>Parses YAML text.</summary>
    public static Result<NetworkTopology> Parse(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return Parse(Encoding.UTF8.GetBytes(yaml));
    }

    /// <summary>Parses UTF-8 YAML (a byte-order mark is skipped).</summary>
    public static Result<NetworkTopology> Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > TopologyJsonReader.MaxFileBytes)
        {
            return Result<NetworkTopology>.Fail($"line 1: the file is larger than {TopologyJsonReader.MaxFileBytes} bytes.");
        }

        Result<Json.PositionedJson> root = PositionedYamlParser.Parse(utf8);
        return root.IsSuccess ? TopologyJsonReader.Read(root.Value) : Result<NetworkTopology>.Fail(root.Error!);
    }

    /// <summary>Reads the YAML file at <paramref name="path"/>; a missing or unreadable file is a failure value.</summary>
    public static Result<NetworkTopology> Load(string path) => TopologyFile.Read(path, bytes => Parse(bytes));
}
