using System.Diagnostics.Metrics;
using QkdNet.Control.Metrics;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.Node.Configuration;
using QkdNet.KeyManagement.Relay;
using QkdNet.Node.Relay;
using QkdNet.Node.Web;
using QkdNet.Quantum;

namespace QkdNet.Node.Network;

/// <summary>
/// A node's metrics: pool levels of every link direction, the link sources it runs, relay counts. They are
/// <see cref="System.Diagnostics.Metrics"/> instruments of the node's own meter, observed when read, and served at
/// <c>/metrics</c> by a <see cref="PrometheusExporter"/>. Thread-safe.
/// </summary>
public sealed class NodeMetrics : IDisposable
{
    /// <summary>The name of every node's meter (each node has its own instance, so nodes sharing a process stay apart).</summary>
    public const string MeterName = "QkdNet.Node";

    private readonly Meter _meter = new(MeterName);
    private readonly PrometheusExporter _exporter;

    /// <summary>The metrics of the node with <paramref name="topology"/>, its store, its link sources and its relay (if it relays).</summary>
    public NodeMetrics(NodeTopology topology, IKeyStore store, LinkRegistry links, NodeRelay? relay = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(links);
        _exporter = new PrometheusExporter(_meter);
        AddNode(topology, store, links);
        if (relay is not null)
        {
            AddRelay(relay);
        }
    }

    /// <summary>The meter the node's instruments belong to, for another listener (OpenTelemetry, <c>dotnet-counters</c>).</summary>
    public Meter Meter => _meter;

    /// <summary>The Prometheus text exposition, observed now.</summary>
    public Task<string> RenderAsync(CancellationToken cancellationToken = default) => _exporter.RenderAsync(cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        _exporter.Dispose();
        _meter.Dispose();
    }

    private void AddNode(NodeTopology topology, IKeyStore store, LinkRegistry links)
    {
        IEnumerable<Measurement<double>> Pools()
        {
            foreach (LinkSettings link in topology.Links)
            {
                foreach (KmeId owner in new[] { topology.Self, link.Peer })
                {
                    Result<PoolStatus, KeyStoreFailure> pool = store.GetPoolStatus(LinkPools.PoolOf(link.Id, owner));
                    if (pool.TryGetValue(out PoolStatus? status))
                    {
                        yield return MetricMeasurement.Of(status.AvailableBits, ("link", link.Id.Value), ("owner", owner.Value));
                    }
                }
            }
        }

        IEnumerable<Measurement<double>> BySource(Func<QkdModuleStatus, double> value) =>
            links.Statuses().Select(s => MetricMeasurement.Of(value(s.Status), ("link", s.Link.Value)));

        _meter.CreateObservableGauge("qkdnet_node_development", () => topology.Development ? 1.0 : 0.0, description: "1 when the node is marked development: its key may be simulated or synthetic, not from QKD.");
        _meter.CreateObservableGauge("qkdnet_pool_available_bits", Pools, description: "Key available in each link direction's pool, in bits.");
        _meter.CreateObservableGauge("qkdnet_link_qber_ratio", () => BySource(s => s.Qber?.Fraction ?? double.NaN), description: "QBER of the last block of each link source this node runs.");
        _meter.CreateObservableGauge("qkdnet_link_secret_key_rate_bps", () => BySource(s => s.SecretKeyRateBps), description: "Secret key rate of each link source this node runs, in bits per second.");
        _meter.CreateObservableCounter("qkdnet_link_blocks_delivered_total", () => BySource(s => s.BlocksDelivered), description: "Key blocks delivered by each link source this node runs.");
        _meter.CreateObservableCounter("qkdnet_link_blocks_aborted_total", () => BySource(s => s.BlocksAborted), description: "Key blocks aborted by each link source this node runs.");
        _meter.CreateObservableGauge(
            "qkdnet_link_eavesdropper",
            () => links.Statuses().Select(s => MetricMeasurement.Of(links.EavesdropperOn(s.Link) is null ? 0 : 1, ("link", s.Link.Value))),
            description: "1 while an eavesdropper is switched on in the link's simulation.");
    }

    private void AddRelay(NodeRelay relay)
    {
        RelayCounters Counters() => relay.Keys.Counters;

        _meter.CreateObservableCounter("qkdnet_relay_originated_total", () => (double)Counters().Originated, description: "Keys relayed from this node to their destination.");
        _meter.CreateObservableCounter("qkdnet_relay_origin_failures_total", () => (double)Counters().OriginFailures, description: "Relays started here that failed (no key handed out).");
        _meter.CreateObservableCounter("qkdnet_relay_confirmation_failures_total", () => (double)Counters().ConfirmationFailures, description: "Relays started here whose destination confirmed another key than the one made here (a path was tampered with; alarm).");
        _meter.CreateObservableCounter("qkdnet_relay_forwarded_total", () => (double)Counters().Forwarded, description: "Shares passed on by this node as a trusted intermediate.");
        _meter.CreateObservableCounter("qkdnet_relay_delivered_total", () => (double)Counters().Delivered, description: "Relayed keys stored here as destination.");
        _meter.CreateObservableCounter("qkdnet_relay_pad_bits_total", () => (double)Counters().PadBitsSent, description: "Link key spent on pads of hops sent from here, in bits.");
        _meter.CreateObservableGauge(
            "qkdnet_relay_pads_stocked",
            () => relay.Keys.StockedPads().Select(p => MetricMeasurement.Of(p.Pads, ("link", p.Link.Value), ("peer", p.Peer.Value))),
            description: "Relay pads ready towards each neighbour (provisioned at start-up, refilled as they run low).");
        _meter.CreateObservableCounter(
            "qkdnet_relay_rejected_total",
            () => Counters().Rejected.OrderBy(r => r.Key).Select(r => MetricMeasurement.Of(r.Value, ("reason", r.Key.ToString()))),
            description: "Relay messages refused, by reason.");
        _meter.CreateObservableGauge("qkdnet_routing_snapshot_version", () => (double)relay.Routes.Current.Version, description: "Version of the routing snapshot this node relays over.");
    }
}
