using QkdNet.Control.Health;
using QkdNet.Control.Metrics;
using QkdNet.Quantum;
using QkdNet.Tests.Control.Support;
using QkdNet.Tests.KeyManagement.Support;

namespace QkdNet.Tests.Control.Metrics;

public sealed class PrometheusTextWriterTests
{
    [Fact]
    public void Family_WritesHelpTypeAndSamples()
    {
        string text = new PrometheusTextWriter()
            .Family("qkdnet_relays_total", MetricType.Counter, "Relays completed.", [MetricSample.Of(3, ("node", "otemachi"), ("mode", "multipath"))])
            .Family("qkdnet_up", MetricType.Gauge, "Whether the node runs.", [MetricSample.Of(1)])
            .ToString();

        Assert.Equal(
            "# HELP qkdnet_relays_total Relays completed.\n" +
            "# TYPE qkdnet_relays_total counter\n" +
            "qkdnet_relays_total{node=\"otemachi\",mode=\"multipath\"} 3\n" +
            "# HELP qkdnet_up Whether the node runs.\n" +
            "# TYPE qkdnet_up gauge\n" +
            "qkdnet_up 1\n",
            text);
    }

    [Fact]
    public void Family_EscapesHelpAndLabelValues()
    {
        string text = new PrometheusTextWriter()
            .Family("m", MetricType.Gauge, "a \\ b\nc \"q\"", [MetricSample.Of(0.5, ("l", "x\\y\n\"z\""))])
            .ToString();

        Assert.Contains("# HELP m a \\\\ b\\nc \"q\"\n", text, StringComparison.Ordinal);
        Assert.Contains("m{l=\"x\\\\y\\n\\\"z\\\"\"} 0.5\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(-2.5, "-2.5")]
    public void FormatValue_FollowsTheFormat(double value, string expected) =>
        Assert.Equal(expected, PrometheusTextWriter.FormatValue(value));

    [Theory]
    [InlineData("9lives", "l")]
    [InlineData("has-dash", "l")]
    [InlineData("ok", "__reserved")]
    [InlineData("ok", "bad:colon")]
    public void Family_BadNames_Throw(string metric, string label) =>
        Assert.Throws<ArgumentException>(() => new PrometheusTextWriter().Family(metric, MetricType.Gauge, "h", [MetricSample.Of(1, (label, "v"))]));

    [Fact]
    public void Family_WrittenTwice_Throws()
    {
        var w = new PrometheusTextWriter().Family("a:b_c", MetricType.Gauge, "h", []);

        Assert.Throws<ArgumentException>(() => w.Family("a:b_c", MetricType.Gauge, "h", []));
    }

    [Fact]
    public void ControlMetrics_EveryLineIsHelpTypeOrWellFormedSample()
    {
        var monitor = new LinkHealthMonitor(ExampleTopologies.Tokyo(), null, new FakeTimeProvider());
        monitor.Record(new LinkHealthSample(QkdNet.KeyManagement.LinkId.Create("hakusan-hongo"), Qber.Create(0.3), 0, 10, 100, true, "QBER"));

        string text = ControlMetrics.WriteLinkHealth(new PrometheusTextWriter(), monitor.Reports(), monitor.ActiveAlarms()).ToString();

        var sample = new System.Text.RegularExpressions.Regex(
            "^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\"(,[a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\")*\\})? (NaN|[+-]Inf|-?[0-9.]+(E[+-]?[0-9]+)?)$");
        Assert.All(text.TrimEnd('\n').Split('\n'), line => Assert.True(
            line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal) || sample.IsMatch(line), line));
        Assert.Contains("qkdnet_link_state{link=\"hakusan-hongo\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("qkdnet_alarms_active{kind=\"QberAboveThreshold\",severity=\"Critical\"} 1\n", text, StringComparison.Ordinal);
    }
}
