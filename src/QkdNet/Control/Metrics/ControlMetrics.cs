using QkdNet.Control.Health;

namespace QkdNet.Control.Metrics;

/// <summary>The control layer's metrics, for a node's or the controller's <c>/metrics</c>.</summary>
public static class ControlMetrics
{
    /// <summary>Writes link health (QBER, key rate, pool, state, samples, aborts) and active alarms.</summary>
    public static PrometheusTextWriter WriteLinkHealth(PrometheusTextWriter writer, IReadOnlyList<LinkHealthReport> reports, IReadOnlyList<LinkAlarm> activeAlarms)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(activeAlarms);
        MetricSample ByLink(LinkHealthReport r, double v) => MetricSample.Of(v, ("link", r.Link.Value));
        return writer
            .Family("qkdnet_link_qber_ratio", MetricType.Gauge, "QBER of the link's last block, as a fraction.", reports.Select(r => ByLink(r, r.Qber?.Fraction ?? double.NaN)))
            .Family("qkdnet_link_secret_key_rate_bps", MetricType.Gauge, "Secret key rate of the link, in bits per second.", reports.Select(r => ByLink(r, r.SecretKeyRateBps)))
            .Family("qkdnet_link_pool_ratio", MetricType.Gauge, "Key in the link's pool as a fraction of capacity.", reports.Select(r => ByLink(r, r.PoolFraction)))
            .Family("qkdnet_link_state", MetricType.Gauge, "Link health: 0 normal, 1 degraded, 2 quarantined.", reports.Select(r => ByLink(r, (int)r.State)))
            .Family("qkdnet_link_samples_total", MetricType.Counter, "Health samples recorded for the link.", reports.Select(r => ByLink(r, r.Samples)))
            .Family("qkdnet_link_aborted_blocks_total", MetricType.Counter, "Blocks of the link that were aborted.", reports.Select(r => ByLink(r, r.AbortedBlocks)))
            .Family("qkdnet_alarms_active", MetricType.Gauge, "Active alarms by kind and severity.",
                activeAlarms.GroupBy(a => (a.Kind, a.Severity)).OrderBy(g => g.Key)
                    .Select(g => MetricSample.Of(g.Count(), ("kind", g.Key.Kind.ToString()), ("severity", g.Key.Severity.ToString()))));
    }
}
