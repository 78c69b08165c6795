using System.Text;
using System.Text.Json;

namespace QkdNet.Control.Topology;

/// <summary>Writes a topology in the format <see cref="TopologyJsonReader"/> reads (indented, deterministic).</summary>
public static class TopologyJsonWriter
{
    /// <summary>The JSON text; <paramref name="comment"/>, when given, opens the file as a <c>//</c> comment.</summary>
    public static string Write(NetworkTopology topology, string? comment = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            if (comment is not null)
            {
                w.WriteCommentValue(comment);
            }

            w.WriteStartObject();
            w.WriteString("name", topology.Name);
            w.WriteStartArray("nodes");
            foreach (TopologyNode node in topology.Nodes)
            {
                WriteNode(w, node);
            }

            w.WriteEndArray();
            w.WriteStartArray("links");
            foreach (TopologyLink link in topology.Links)
            {
                WriteLink(w, link);
            }

            w.WriteEndArray();
            w.WriteStartArray("saes");
            foreach (TopologySae sae in topology.Saes)
            {
                w.WriteStartObject();
                w.WriteString("id", sae.Id.Value);
                w.WriteString("home", sae.Home.Value);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n") + "\n";
    }

    private static void WriteNode(Utf8JsonWriter w, TopologyNode node)
    {
        w.WriteStartObject();
        w.WriteString("id", node.Id.Value);
        w.WriteString("name", node.Name);
        if (node.Site is not null)
        {
            w.WriteString("site", node.Site);
        }

        if (node.Position is GeoPosition p)
        {
            w.WriteNumber("latitude", p.LatitudeDegrees);
            w.WriteNumber("longitude", p.LongitudeDegrees);
        }

        w.WriteEndObject();
    }

    private static void WriteLink(Utf8JsonWriter w, TopologyLink link)
    {
        w.WriteStartObject();
        w.WriteString("id", link.Id.Value);
        w.WriteString("a", link.A.Value);
        w.WriteString("b", link.B.Value);
        w.WriteString("preset", link.Physics.Preset);
        if (link.Physics.Kind == ChannelKind.Fibre)
        {
            w.WriteNumber("fibreKm", link.Physics.LengthKm);
            w.WriteNumber("lossDbPerKm", link.Physics.LossDbPerKm);
        }
        else
        {
            w.WriteNumber("freeSpaceLossDb", link.Physics.FreeSpaceLossDb);
        }

        w.WriteNumber("qberThreshold", link.QberThreshold);
        if (link.SpeedUp != 1)
        {
            w.WriteNumber("speedUp", link.SpeedUp);
        }

        w.WriteEndObject();
    }
}
