using System.Globalization;
using System.Net;
using System.Text;
using QkdNet.Control.Topology;

namespace QkdNet.Simulation;

/// <summary>
/// An SVG map of the network: nodes at their coordinates (equirectangular; a node without coordinates on a circle
/// around the map), links coloured from green (idle) to red (every bit used) by utilisation. Thread-safe.
/// </summary>
internal static class NetworkMap
{
    public static string Render(SimulationReport report, NetworkTopology topology, int width = 1000, int height = 800)
    {
        const double margin = 40;
        var positioned = topology.Nodes.Where(n => n.Position is not null).Select(n => n.Position!.Value).ToList();
        double latMin = positioned.Count > 0 ? positioned.Min(p => p.LatitudeDegrees) : 0, latMax = positioned.Count > 0 ? positioned.Max(p => p.LatitudeDegrees) : 1;
        double lonMin = positioned.Count > 0 ? positioned.Min(p => p.LongitudeDegrees) : 0, lonMax = positioned.Count > 0 ? positioned.Max(p => p.LongitudeDegrees) : 1;
        double scale = Math.Min((width - (2 * margin)) / Math.Max(lonMax - lonMin, 1e-6), (height - (2 * margin) - 40) / Math.Max(latMax - latMin, 1e-6));
        var at = new Dictionary<string, (double X, double Y)>();
        int unplaced = 0, unplacedCount = topology.Nodes.Count(n => n.Position is null);
        foreach (TopologyNode node in topology.Nodes)
        {
            if (node.Position is { } p)
            {
                at[node.Id.Value] = (margin + ((p.LongitudeDegrees - lonMin) * scale), height - margin - ((p.LatitudeDegrees - latMin) * scale));
            }
            else
            {
                double angle = 2 * Math.PI * unplaced++ / Math.Max(unplacedCount, 1);
                at[node.Id.Value] = ((width / 2.0) + (0.4 * width * Math.Cos(angle)), (height / 2.0) + (0.4 * height * Math.Sin(angle)));
            }
        }

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"10\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n<text x=\"{width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{WebUtility.HtmlEncode(report.Network)}: link utilisation (green idle, red saturated)</text>\n");
        foreach (LinkOutcome link in report.LinkOutcomes)
        {
            (double x1, double y1) = at[link.A];
            (double x2, double y2) = at[link.B];
            double u = Math.Clamp(link.Utilisation, 0, 1);
            string colour = string.Create(CultureInfo.InvariantCulture, $"rgb({(int)(255 * u)},{(int)(170 * (1 - u))},40)");
            string dash = link.PassSeconds > 0 || link.NominalRateBps == 0 ? " stroke-dasharray=\"5,4\"" : string.Empty;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x1:0.#}\" y1=\"{y1:0.#}\" x2=\"{x2:0.#}\" y2=\"{y2:0.#}\" stroke=\"{colour}\" stroke-width=\"{1.5 + (3 * u):0.#}\"{dash}><title>{WebUtility.HtmlEncode(link.Link)}: {u:P1} used</title></line>\n");
        }

        foreach (TopologyNode node in topology.Nodes)
        {
            (double x, double y) = at[node.Id.Value];
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"3\" fill=\"#333\"><title>{WebUtility.HtmlEncode(node.Name)}</title></circle>\n");
            if (topology.Nodes.Count <= 150)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 4:0.#}\" y=\"{y - 4:0.#}\" fill=\"#555\">{WebUtility.HtmlEncode(node.Name)}</text>\n");
            }
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }
}
