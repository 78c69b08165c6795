using System.Diagnostics.CodeAnalysis;
using QkdNet.Control.Topology.Json;
using QkdNet.KeyManagement;
using QkdNet.Quantum.Physics;

namespace QkdNet.Control.Topology;

/// <summary>The element readers: one method per list, each reporting problems at the line they sit on (shared by the YAML reader).</summary>
public static partial class TopologyJsonReader
{
    // "simulation" belongs to the simulator (QkdNet.Simulation.ScenarioReader); other readers leave it alone.
    private static readonly string[] RootFields = ["name", "description", "nodes", "links", "saes", "simulation"];
    private static readonly string[] NodeFields = ["id", "name", "site", "latitude", "longitude"];
    private static readonly string[] LinkFields = ["id", "a", "b", "preset", "fibreKm", "lossDbPerKm", "freeSpaceLossDb", "qberThreshold", "speedUp"];
    private static readonly string[] SaeFields = ["id", "home"];

    internal static Result<NetworkTopology> Read(PositionedJson root)
    {
        var errors = new List<string>();
        JsonObjectReader? top = JsonObjectReader.Open(root, "the topology", errors, RootFields);
        if (top is null)
        {
            return Result<NetworkTopology>.Fail(errors[0]);
        }

        string name = top.RequiredString("name") ?? string.Empty;
        var nodes = new List<TopologyNode>();
        var links = new List<TopologyLink>();
        var saes = new List<TopologySae>();
        var lines = new Dictionary<(TopologySection, int, string?), int>();
        ReadList(top.Array("nodes", required: true), TopologySection.Nodes, "node", NodeFields, errors, lines, r => ReadNode(r, nodes));
        ReadList(top.Array("links", required: false), TopologySection.Links, "link", LinkFields, errors, lines, r => ReadLink(r, links));
        ReadList(top.Array("saes", required: false), TopologySection.Saes, "SAE", SaeFields, errors, lines, r => ReadSae(r, saes));
        if (errors.Count > 0)
        {
            // Cross-references are only meaningful once every entry parsed.
            return Result<NetworkTopology>.Fail(string.Join('\n', errors));
        }

        foreach (TopologyProblem p in NetworkTopology.Validate(name, nodes, links, saes))
        {
            int line = lines.TryGetValue((p.Section, p.Index, p.Field), out int l) ? l
                : lines.TryGetValue((p.Section, p.Index, null), out l) ? l : top.LineOf(p.Field ?? "name");
            errors.Add($"line {line}: {p.Message}");
        }

        return errors.Count > 0
            ? Result<NetworkTopology>.Fail(string.Join('\n', errors))
            : NetworkTopology.CreateValidated(name, nodes, links, saes);
    }

    private static void ReadList(IReadOnlyList<PositionedJson> items, TopologySection section, string what, string[] fields,
        List<string> errors, Dictionary<(TopologySection, int, string?), int> lines, Action<JsonObjectReader> read)
    {
        for (int i = 0; i < items.Count; i++)
        {
            JsonObjectReader? reader = JsonObjectReader.Open(items[i], $"{what} #{i + 1}", errors, fields);
            if (reader is null)
            {
                continue;
            }

            lines[(section, i, null)] = reader.Line;
            foreach (string field in fields)
            {
                lines[(section, i, field)] = reader.LineOf(field);
            }

            read(reader);
        }
    }

    private static void ReadNode(JsonObjectReader r, List<TopologyNode> nodes)
    {
        KmeId id = ReadId<KmeId>(r, "id", "node id", KmeId.TryCreate);
        string? name = r.OptionalString("name");
        string? site = r.OptionalString("site");
        GeoPosition? position = null;
        if (r.Has("latitude") || r.Has("longitude"))
        {
            double lat = r.Number("latitude", double.NaN, required: true);
            double lon = r.Number("longitude", double.NaN, required: true);
            if (!double.IsNaN(lat) && !double.IsNaN(lon))
            {
                Result<GeoPosition> geo = GeoPosition.Create(lat, lon);
                if (geo.IsSuccess)
                {
                    position = geo.Value;
                }
                else
                {
                    r.Error(lat is >= -90 and <= 90 ? "longitude" : "latitude", geo.Error!);
                }
            }
        }

        nodes.Add(new TopologyNode(id, name ?? id.Value, site, position));
    }

    private static void ReadLink(JsonObjectReader r, List<TopologyLink> links)
    {
        LinkId id = ReadId<LinkId>(r, "id", "link id", LinkId.TryCreate);
        KmeId a = ReadId<KmeId>(r, "a", "node id", KmeId.TryCreate);
        KmeId b = ReadId<KmeId>(r, "b", "node id", KmeId.TryCreate);
        string preset = r.OptionalString("preset") ?? LinkPresets.Names[0];
        bool fibre = r.Has("fibreKm");
        bool freeSpace = r.Has("freeSpaceLossDb");
        Result<LinkPhysics> physics;
        if (fibre == freeSpace)
        {
            r.Error("id", $"link '{id}' needs exactly one of 'fibreKm' (fibre length) and 'freeSpaceLossDb' (free-space loss).");
            return;
        }
        else if (fibre)
        {
            double lengthKm = r.Number("fibreKm", 0);
            double lossDbPerKm = r.Number("lossDbPerKm", LinkPhysics.DefaultLossDbPerKm);
            if (double.IsNaN(lengthKm) || double.IsNaN(lossDbPerKm))
            {
                return; // the type error is recorded already
            }

            physics = LinkPhysics.Fibre(preset, lengthKm, lossDbPerKm);
        }
        else
        {
            if (r.Has("lossDbPerKm"))
            {
                r.Error("lossDbPerKm", $"link '{id}': 'lossDbPerKm' applies to fibre links only.");
                return;
            }

            double lossDb = r.Number("freeSpaceLossDb", 0);
            if (double.IsNaN(lossDb))
            {
                return;
            }

            physics = LinkPhysics.FreeSpace(preset, lossDb);
        }

        double qber = r.Number("qberThreshold", TopologyLink.DefaultQberThreshold);
        double speedUp = r.Number("speedUp", 1);
        if (!physics.IsSuccess)
        {
            string field = physics.Error!.StartsWith("unknown preset", StringComparison.Ordinal) ? "preset"
                : physics.Error.StartsWith("fibre length", StringComparison.Ordinal) ? "fibreKm"
                : physics.Error.StartsWith("fibre loss", StringComparison.Ordinal) ? "lossDbPerKm" : "freeSpaceLossDb";
            r.Error(field, $"link '{id}': {physics.Error}");
            return;
        }

        links.Add(new TopologyLink(id, a, b, physics.Value, qber, speedUp));
    }

    private static void ReadSae(JsonObjectReader r, List<TopologySae> saes) =>
        saes.Add(new TopologySae(ReadId<SaeId>(r, "id", "SAE id", SaeId.TryCreate), ReadId<KmeId>(r, "home", "node id", KmeId.TryCreate)));

    private delegate bool IdParser<T>([NotNullWhen(true)] string? text, out T id);

    private static T ReadId<T>(JsonObjectReader r, string field, string what, IdParser<T> parse)
        where T : struct
    {
        string? text = r.RequiredString(field);
        if (text is null)
        {
            return default;
        }

        if (!parse(text, out T id))
        {
            r.Error(field, $"'{text}' is not a valid {what} (1 to 64 characters from A-Z a-z 0-9 . _ -).");
        }

        return id;
    }
}
