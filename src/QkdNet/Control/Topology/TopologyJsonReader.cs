using System.Text;
using QkdNet.Control.Topology.Json;

namespace QkdNet.Control.Topology;

/// <summary>
/// Reads a topology from JSON (comments and trailing commas allowed). Every failure is a value whose
/// text names the line and the problem, one problem per line of text, e.g.
/// <c>line 14: link 'L2' names unknown node 'Shinjuku'.</c>
/// </summary>
/// <remarks>
/// The format: <c>{ "name", "nodes": [{ "id", "name"?, "site"?, "latitude"?, "longitude"? }],
/// "links": [{ "id", "a", "b", "preset"? ("gys"), "fibreKm" | "freeSpaceLossDb", "lossDbPerKm"? (0.21),
/// "qberThreshold"? (0.11), "speedUp"? (1) }], "saes": [{ "id", "home" }] }</c>. Unknown fields are
/// errors, so a misspelt field is not silently ignored. Thread-safe (stateless).
/// </remarks>
public static partial class TopologyJsonReader
{
    /// <summary>Largest file accepted, in bytes (a 10,000-node network is well under this).</summary>
    public const int MaxFileBytes = 16 * 1024 * 1024;

    /// <summary>Parses JSON text.</summary>
    public static Result<NetworkTopology> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Parses UTF-8 JSON (a byte-order mark is skipped).</summary>
    public static Result<NetworkTopology> Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxFileBytes)
        {
            return Result<NetworkTopology>.Fail($"line 1: the file is larger than {MaxFileBytes} bytes.");
        }

        Result<PositionedJson> root = PositionedJsonParser.Parse(utf8);
        return root.IsSuccess ? Read(root.Value) : Result<NetworkTopology>.Fail(root.Error!);
    }

    /// <summary>Reads the JSON file at <paramref name="path"/>; a missing or unreadable file is a failure value. <see cref="TopologyFile.Load"/> picks JSON or YAML by extension.</summary>
    public static Result<NetworkTopology> Load(string path) => TopologyFile.Read(path, bytes => Parse(bytes));
}
