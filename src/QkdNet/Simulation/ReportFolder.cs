using System.Globalization;
using System.Net;
using System.Text;
using QkdNet.Control.Topology;
using QkdNet.Reporting;

namespace QkdNet.Simulation;

/// <summary>
/// Writes a run's report folder: <c>index.html</c> (opens offline: no script, no remote resource), the plots
/// <c>pool-levels.svg</c>, <c>blocking.svg</c> and <c>map.svg</c> (links coloured by utilisation), and
/// <c>links.csv</c> and <c>users.csv</c>. Thread-safe (stateless).
/// </summary>
public static class ReportFolder
{
    /// <summary>Writes the folder (created if missing); an I/O failure comes back as a value naming the path.</summary>
    public static Result<string> Write(string directory, SimulationReport report, NetworkTopology topology)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(topology);
        try
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "pool-levels.svg"), PoolPlot(report));
            File.WriteAllText(Path.Combine(directory, "blocking.svg"), BlockingPlot(report));
            File.WriteAllText(Path.Combine(directory, "map.svg"), NetworkMap.Render(report, topology));
            File.WriteAllText(Path.Combine(directory, "links.csv"), LinksCsv(report));
            File.WriteAllText(Path.Combine(directory, "users.csv"), UsersCsv(report));
            File.WriteAllText(Path.Combine(directory, "index.html"), Index(report));
            return Path.Combine(directory, "index.html");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Result<string>.Fail($"{directory}: cannot write the report ({e.Message}).");
        }
    }

    private static string PoolPlot(SimulationReport report)
    {
        var plot = new SvgLinePlot("Pool levels", "time (h)", "pool level (fraction of capacity)") { LinearY = true }
            .Add("mean of all links", Series(report.SampleHours, report.MeanPoolFraction));
        foreach (string id in report.BottleneckLinks.Take(5))
        {
            LinkOutcome link = report.LinkOutcomes.First(l => l.Link == id);
            plot.Add(id, Series(report.SampleHours, link.PoolFraction));
        }

        return plot.Render();
    }

    private static string BlockingPlot(SimulationReport report) =>
        new SvgLinePlot("Blocking over time", "time (h)", "blocked / requests in the interval") { LinearY = true }
            .Add("blocking probability", Series(report.SampleHours.Skip(1).ToList(), report.BlockingOverTime.Skip(1).ToList()))
            .Render();

    private static (double, double)[] Series(IReadOnlyList<double> x, IReadOnlyList<double> y) =>
        [.. Enumerable.Range(0, Math.Min(x.Count, y.Count)).Select(i => (x[i], y[i]))];

    private static string LinksCsv(SimulationReport report)
    {
        var csv = new StringBuilder("link,a,b,nominal_rate_bps,supplied_bits,wasted_bits,consumed_bits,relays,blocked_requests,utilisation,final_pool_bits,down_seconds,pass_seconds\n");
        foreach (LinkOutcome l in report.LinkOutcomes)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{l.Link},{l.A},{l.B},{l.NominalRateBps:0.###},{l.SuppliedBits:0},{l.WastedBits:0},{l.ConsumedBits:0},{l.Relays},{l.BlockedRequests},{l.Utilisation:0.####},{l.FinalPoolBits:0},{l.DownSeconds:0},{l.PassSeconds:0}\n");
        }

        return csv.ToString();
    }

    private static string UsersCsv(SimulationReport report)
    {
        var csv = new StringBuilder("user,key_bits\n");
        for (int u = 0; u < report.PerUserBits.Count; u++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{u},{report.PerUserBits[u]}\n");
        }

        return csv.ToString();
    }

    private static string Index(SimulationReport r)
    {
        static string Row(string name, string value) => $"<tr><th>{WebUtility.HtmlEncode(name)}</th><td>{WebUtility.HtmlEncode(value)}</td></tr>\n";
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>QkdNet simulation</title>\n");
        html.Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}img{max-width:100%}</style></head><body>\n");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{WebUtility.HtmlEncode(r.Network)}</h1>\n<table>\n");
        html.Append(Row("seed", r.Seed.ToString(CultureInfo.InvariantCulture)));
        html.Append(Row("simulated time", $"{r.Hours:0.##} h"));
        html.Append(Row("nodes / links / users", $"{r.Nodes} / {r.Links} / {r.Users}"));
        html.Append(Row("requests", r.Requests.ToString(CultureInfo.InvariantCulture)));
        html.Append(Row("keys delivered", r.KeysDelivered.ToString(CultureInfo.InvariantCulture)));
        html.Append(Row("blocking probability", r.BlockingProbability.ToString("0.######", CultureInfo.InvariantCulture)));
        html.Append(Row("blocked by cause", string.Join(", ", r.BlockedBy.Select(b => $"{b.Key} {b.Value}"))));
        html.Append(Row("mean / max wait", string.Create(CultureInfo.InvariantCulture, $"{r.MeanWaitSeconds:0.###} s / {r.MaxWaitSeconds:0.###} s")));
        html.Append(Row("mean hops / trusted nodes per key", string.Create(CultureInfo.InvariantCulture, $"{r.MeanHops:0.###} / {r.MeanTrustedNodes:0.###}")));
        html.Append(Row("key per user (bits): min / median / mean / p95 / max", string.Create(CultureInfo.InvariantCulture,
            $"{r.UserKey.MinBits:0} / {r.UserKey.MedianBits:0} / {r.UserKey.MeanBits:0.#} / {r.UserKey.P95Bits:0} / {r.UserKey.MaxBits:0}")));
        html.Append(Row("users without key", r.UserKey.UsersWithoutKey.ToString(CultureInfo.InvariantCulture)));
        html.Append(Row("quarantines", r.Quarantines.ToString(CultureInfo.InvariantCulture)));
        html.Append(Row("bottleneck links", string.Join(", ", r.BottleneckLinks)));
        html.Append("</table>\n<h2>Pool levels</h2><img src=\"pool-levels.svg\" alt=\"pool levels over time\">\n");
        html.Append("<h2>Blocking over time</h2><img src=\"blocking.svg\" alt=\"blocking over time\">\n");
        html.Append("<h2>Network, links coloured by utilisation</h2><img src=\"map.svg\" alt=\"network map\">\n");
        html.Append("<p>Data: <a href=\"links.csv\">links.csv</a>, <a href=\"users.csv\">users.csv</a>.</p>\n</body></html>\n");
        return html.ToString();
    }
}
