using System.Diagnostics.Metrics;
using QkdNet.Control.Health;

namespace QkdNet.Control.Metrics;

/// <summary>
/// The control layer's metrics as <see cref="System.Diagnostics.Metrics"/> instruments, observed when read: any
/// listener (a Prometheus exporter, OpenTelemetry, <c>dotnet-counters</c>) sees the same values. The instrument names
/// are the exported Prometheus names; counters end in <c>_total</c>.
/// </summary>
public static class ControlMetrics
{
    /// <summary>Adds link health (QBER, key rate, pool, state, samples, aborts) and active alarms to <paramref name="meter"/>.</summary>
    /// <param name="meter">The meter of the node or controller that serves them.</param>
    /// <param name="reports">The latest health report of each link, read at every observation.</param>
    /// <param name="activeAlarms">The alarms active now, read at every observation.</param>
    public static void AddLinkHealth(Meter meter, Func<IReadOnlyList<LinkHealthReport>> reports, Func<IReadOnlyList<LinkAlarm>> activeAlarms)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(activeAlarms);
        IEnumerable<Measurement<double>> ByLink(Func<LinkHealthReport, double> value) =>
            reports().Select(r => MetricMeasurement.Of(value(r), ("link", r.Link.Value)));

        meter.CreateObservableGauge("qkdnet_link_qber_ratio", () => ByLink(r => r.Qber?.Fraction ?? double.NaN), description: "QBER of the link's last block, as a fraction.");
        meter.CreateObservableGauge("qkdnet_link_secret_key_rate_bps", () => ByLink(r => r.SecretKeyRateBps), description: "Secret key rate of the link, in bits per second.");
        meter.CreateObservableGauge("qkdnet_link_pool_ratio", () => ByLink(r => r.PoolFraction), description: "Key in the link's pool as a fraction of capacity.");
        meter.CreateObservableGauge("qkdnet_link_state", () => ByLink(r => (int)r.State), description: "Link health: 0 normal, 1 degraded, 2 quarantined.");
        meter.CreateObservableCounter("qkdnet_link_samples_total", () => ByLink(r => r.Samples), description: "Health samples recorded for the link.");
        meter.CreateObservableCounter("qkdnet_link_aborted_blocks_total", () => ByLink(r => r.AbortedBlocks), description: "Blocks of the link that were aborted.");
        meter.CreateObservableGauge(
            "qkdnet_alarms_active",
            () => activeAlarms().GroupBy(a => (a.Kind, a.Severity)).OrderBy(g => g.Key)
                .Select(g => MetricMeasurement.Of(g.Count(), ("kind", g.Key.Kind.ToString()), ("severity", g.Key.Severity.ToString()))),
            description: "Active alarms by kind and severity.");
    }
}
