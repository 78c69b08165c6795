using System.Globalization;
using System.Net;
using System.Text;
using QkdNet.Development.Demo;
using QkdNet.Reporting;

namespace QkdNet.Cli.Demo;

/// <summary>
/// The demo's report folder: <c>index.html</c>, one page that opens offline (inline SVG plots drawn with
/// <see cref="SvgLinePlot"/>, no script, no remote resource): key rate, pool level and QBER per link over time with
/// the attack marked, the order latency histogram, the share servers' availability, and the summary.
/// </summary>
internal static class DemoReport
{
    /// <summary>Writes the folder (created if missing) and returns the page's path; a folder that cannot be written is a <see cref="UsageException"/>.</summary>
    public static string Write(string directory, DemoSummary summary, NetworkRecorder recorder, IReadOnlyList<double> latenciesUs, (double? On, double? Off) attack)
    {
        IReadOnlyDictionary<string, IReadOnlyList<LinkReading>> links = recorder.Links;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>QkdNet demo: the Tokyo QKD Network finance scenario</title>\n");
        html.Append("<style>body{font-family:sans-serif;margin:2em;max-width:960px}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}</style></head><body>\n");
        html.Append("<h1>QkdNet demo: the Tokyo QKD Network finance scenario</h1>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p>{Encode(summary.Mode)} run, seed {summary.Seed}, {summary.ElapsedSeconds:F1} s. Time: {Encode(summary.Time)}.</p>\n<table>\n");
        html.Append(Row("orders answered (sent)", string.Create(CultureInfo.InvariantCulture, $"{summary.Orders} ({summary.OrdersSent})")));
        html.Append(Row("round trip p50 / p99 / max", string.Create(CultureInfo.InvariantCulture, $"{summary.RoundTripUs.P50 / 1000:F1} / {summary.RoundTripUs.P99 / 1000:F1} / {summary.RoundTripUs.Max / 1000:F1} ms")));
        html.Append(Row("messages under one-time pad / AES", string.Create(CultureInfo.InvariantCulture, $"{summary.OrderKeys.OneTimePadMessages} / {summary.OrderKeys.AesMessages}; {summary.OrderKeys.KeyBitsPerOrder:N0} key bits per order")));
        html.Append(Row("backup restored with servers stopped", $"{(summary.RestoreOk ? "yes" : "NO")} ({string.Join(", ", summary.Cloud.ServersStopped)} stopped; {summary.Cloud.K}-of-{summary.Cloud.N})"));
        html.Append(Row("statistics", $"{(summary.Stats.MatchesCleartext ? "match the cleartext" : "DO NOT match the cleartext")}; singling-out query {(summary.Stats.SinglingOutRefused ? "refused" : "ANSWERED")}"));
        html.Append(Row($"attack on {summary.AttackedLink}", string.Create(CultureInfo.InvariantCulture,
            $"quarantined after {(summary.AttackDetectedSeconds is { } d ? $"{d:F1} s" : "- (not)")}; {summary.Rerouted} relays rerouted; {summary.OrdersDuringAttack} orders answered meanwhile; recovered {(summary.RecoverySeconds is { } r ? $"after {r:F1} s" : "NOT")}")));
        html.Append("</table>\n");

        (double X, double Y)[] Series(IReadOnlyList<LinkReading> readings, Func<LinkReading, double?> value) =>
            [.. readings.Where(r => value(r) is { } v && double.IsFinite(v)).Select(r => (r.Seconds, value(r)!.Value))];

        html.Append("<h2>Secret key rate per link</h2>\n").Append(Plot(new SvgLinePlot("Secret key rate (per second of link time)", "time (s)", "bit/s"), links, l => Series(l, r => r.SecretKeyRateBps), attack, logScale: true));
        html.Append("<h2>Pool level per link</h2>\n").Append(Plot(new SvgLinePlot("Pool level", "time (s)", "% of the high watermark") { LinearY = true }, links,
            l => Series(l, r => DemoScenario.PoolPercent(r.PoolFraction)), attack, logScale: false));
        html.Append("<h2>QBER per link</h2>\n").Append(Plot(new SvgLinePlot("QBER", "time (s)", "%") { LinearY = true }, links, l => Series(l, r => r.Qber * 100), attack, logScale: false));
        html.Append("<h2>Order round trips</h2>\n").Append(Svg(Histogram(latenciesUs)));
        html.Append("<h2>Share-server availability</h2>\n").Append(Svg(new SvgLinePlot("Share servers up", "time (s)", "servers") { LinearY = true }
            .Add("servers up", [.. recorder.Servers.Select(s => (s.Seconds, (double)s.Up.Count(u => u)))]).Render()));
        html.Append("<h2>Links at the end</h2>\n<table><tr><th>link</th><th>system</th><th>fibre</th><th>state</th><th>QBER</th><th>key rate</th><th>blocks (aborted)</th></tr>\n");
        foreach (DemoLink l in summary.Links)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{Encode(l.Id)}</td><td>{Encode(l.Preset)}</td><td>{l.FibreKm:0.#} km</td><td>{Encode(l.State)}</td><td>{(l.Qber is { } q ? $"{q * 100:F2} %" : "-")}</td><td>{l.SecretKeyRateBps / 1000:F1} kbit/s</td><td>{l.Blocks} ({l.AbortedBlocks})</td></tr>\n");
        }

        html.Append("</table>\n</body></html>\n");
        string page = Path.Combine(directory, "index.html");
        try
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(page, html.ToString());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--report {directory}: cannot write the report ({e.Message}); choose another folder.");
        }

        return page;
    }

    /// <summary>One line per link, and the attack's start and end as dashed vertical lines across the values drawn.</summary>
    private static string Plot(SvgLinePlot plot, IReadOnlyDictionary<string, IReadOnlyList<LinkReading>> links, Func<IReadOnlyList<LinkReading>, (double X, double Y)[]> series, (double? On, double? Off) attack, bool logScale)
    {
        double high = 1;
        foreach ((string link, IReadOnlyList<LinkReading> readings) in links.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            (double X, double Y)[] points = series(readings);
            plot.Add(link, points);
            high = Math.Max(high, points.Select(p => p.Y).DefaultIfEmpty(1).Max());
        }

        // the log axis leaves out non-positive values, so a marker starts just above zero there
        double low = logScale ? high / 1e3 : 0;
        if (attack.On is { } on)
        {
            plot.Add("attack on", [(on, low), (on, high)], dashed: true);
        }

        if (attack.Off is { } off)
        {
            plot.Add("attack off", [(off, low), (off, high)], dashed: true);
        }

        return Svg(plot.Render());
    }

    /// <summary>Round trips in 20 buckets of equal width (ms) from 0 to the largest, drawn as counts at each bucket's middle.</summary>
    private static string Histogram(IReadOnlyList<double> latenciesUs)
    {
        var plot = new SvgLinePlot("Order round trips (open loop, from the intended send time)", "round trip (ms)", "orders") { LinearY = true };
        if (latenciesUs.Count == 0)
        {
            return plot.Render();
        }

        const int buckets = 20;
        double max = latenciesUs.Max() / 1000, width = Math.Max(max / buckets, 1e-3);
        int[] counts = new int[buckets];
        foreach (double us in latenciesUs)
        {
            counts[Math.Min(buckets - 1, (int)(us / 1000 / width))]++;
        }

        return plot.Add("orders per bucket", [.. counts.Select((c, i) => ((i + 0.5) * width, (double)c))]).Render();
    }

    private static string Svg(string svg) => "<figure>" + svg + "</figure>\n";

    private static string Row(string name, string value) => $"<tr><th>{Encode(name)}</th><td>{Encode(value)}</td></tr>\n";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
