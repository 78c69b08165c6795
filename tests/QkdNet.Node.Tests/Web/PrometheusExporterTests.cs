using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using QkdNet.Control.Metrics;
using QkdNet.Node.Web;

namespace QkdNet.Node.Tests.Web;

public sealed partial class PrometheusExporterTests
{
    [Fact]
    public async Task Render_WritesCountersAsCountersAndGaugesAsGauges_WithTheirLabelsInOrder()
    {
        using var meter = new Meter("QkdNet.Tests.Exporter");
        using var exporter = new PrometheusExporter(meter);
        meter.CreateObservableCounter("qkdnet_relays_total", () => MetricMeasurement.Of(3, ("node", "otemachi"), ("mode", "multipath")), description: "Relays completed.");
        meter.CreateObservableGauge("qkdnet_up", () => 1.0, description: "Whether the node runs.");

        string text = await exporter.RenderAsync();

        Assert.Contains("# HELP qkdnet_relays_total Relays completed.\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE qkdnet_relays_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("qkdnet_relays_total{node=\"otemachi\",mode=\"multipath\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE qkdnet_up gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("qkdnet_up 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_EveryLineIsHelpTypeOrAWellFormedSample_EvenWithLabelValuesThatNeedEscaping()
    {
        using var meter = new Meter("QkdNet.Tests.Exporter");
        using var exporter = new PrometheusExporter(meter);
        meter.CreateObservableGauge("m", () => MetricMeasurement.Of(0.5, ("l", "x\\y\n\"z\"")), description: "a \\ b\nc");

        string text = await exporter.RenderAsync();

        Assert.All(text.TrimEnd('\n').Split('\n'), line => Assert.True(
            line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal) || Sample().IsMatch(line), line));
        Assert.Contains("m{l=\"x\\\\y\\n\\\"z\\\"\"} 0.5\n", text, StringComparison.Ordinal);
        Assert.Contains("# HELP m a \\\\ b\\nc\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_DropsASeriesThatIsNoLongerObserved()
    {
        bool alarm = true;
        using var meter = new Meter("QkdNet.Tests.Exporter");
        using var exporter = new PrometheusExporter(meter);
        meter.CreateObservableGauge(
            "qkdnet_alarms_active",
            () => alarm ? [MetricMeasurement.Of(1, ("kind", "QberAboveThreshold"))] : Array.Empty<Measurement<double>>(),
            description: "Active alarms.");

        string during = await exporter.RenderAsync();
        alarm = false;
        string after = await exporter.RenderAsync();

        Assert.Contains("qkdnet_alarms_active{kind=\"QberAboveThreshold\"} 1\n", during, StringComparison.Ordinal);
        Assert.DoesNotContain("qkdnet_alarms_active{", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_ShowsOnlyItsOwnMeter_WhenTwoMetersShareAName()
    {
        using var first = new Meter("QkdNet.Node");
        using var second = new Meter("QkdNet.Node");
        using var exporter = new PrometheusExporter(first);
        first.CreateObservableGauge("qkdnet_node_development", () => 1.0, description: "first");
        second.CreateObservableGauge("qkdnet_node_development", () => 0.0, description: "second");

        string text = await exporter.RenderAsync();

        Assert.Contains("qkdnet_node_development 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("qkdnet_node_development 0\n", text, StringComparison.Ordinal);
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\"(,[a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\")*\\})? (NaN|[+-]Inf|-?[0-9.]+(e[+-]?[0-9]+)?)$", RegexOptions.IgnoreCase)]
    private static partial Regex Sample();
}
