using QkdNet.Control.Metrics;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.Node.Configuration;
using QkdNet.KeyManagement.Relay;
using QkdNet.Node.Relay;

namespace QkdNet.Node.Network;

/// <summary>A node's <c>/metrics</c>: pool levels of every link direction, the link sources it runs, relay counts. Thread-safe.</summary>
public sealed class NodeMetrics(NodeTopology topology, IKeyStore store, LinkRegistry links, NodeRelay? relay = null)
{
    /// <summary>The Prometheus text exposition.</summary>
    public string Render()
    {
        var pools = new List<MetricSample>();
        foreach (LinkSettings link in topology.Links)
        {
            foreach (KmeId owner in new[] { topology.Self, link.Peer })
            {
                KeyStoreResult<PoolStatus> pool = store.GetPoolStatus(LinkPools.PoolOf(link.Id, owner));
                if (pool.IsSuccess)
                {
                    pools.Add(MetricSample.Of(pool.Value!.AvailableBits, ("link", link.Id.Value), ("owner", owner.Value)));
                }
            }
        }

        var statuses = links.Statuses();
        var writer = new PrometheusTextWriter()
            .Family("qkdnet_node_development", MetricType.Gauge, "1 when the node is marked development: its key may be simulated or synthetic, not from QKD.", [MetricSample.Of(topology.Development ? 1 : 0)])
            .Family("qkdnet_pool_available_bits", MetricType.Gauge, "Key available in each link direction's pool, in bits.", pools)
            .Family("qkdnet_link_qber_ratio", MetricType.Gauge, "QBER of the last block of each link source this node runs.", statuses.Select(s => MetricSample.Of(s.Status.Qber?.Fraction ?? double.NaN, ("link", s.Link.Value))))
            .Family("qkdnet_link_secret_key_rate_bps", MetricType.Gauge, "Secret key rate of each link source this node runs, in bits per second.", statuses.Select(s => MetricSample.Of(s.Status.SecretKeyRateBps, ("link", s.Link.Value))))
            .Family("qkdnet_link_blocks_delivered_total", MetricType.Counter, "Key blocks delivered by each link source this node runs.", statuses.Select(s => MetricSample.Of(s.Status.BlocksDelivered, ("link", s.Link.Value))))
            .Family("qkdnet_link_blocks_aborted_total", MetricType.Counter, "Key blocks aborted by each link source this node runs.", statuses.Select(s => MetricSample.Of(s.Status.BlocksAborted, ("link", s.Link.Value))))
            .Family("qkdnet_link_eavesdropper", MetricType.Gauge, "1 while an eavesdropper is switched on in the link's simulation.", statuses.Select(s => MetricSample.Of(links.EavesdropperOn(s.Link) is null ? 0 : 1, ("link", s.Link.Value))));
        if (relay is not null)
        {
            RelayCounters c = relay.Keys.Counters;
            writer
                .Family("qkdnet_relay_originated_total", MetricType.Counter, "Keys relayed from this node to their destination.", [MetricSample.Of(c.Originated)])
                .Family("qkdnet_relay_origin_failures_total", MetricType.Counter, "Relays started here that failed (no key handed out).", [MetricSample.Of(c.OriginFailures)])
                .Family("qkdnet_relay_confirmation_failures_total", MetricType.Counter, "Relays started here whose destination confirmed another key than the one made here (a path was tampered with; alarm).", [MetricSample.Of(c.ConfirmationFailures)])
                .Family("qkdnet_relay_forwarded_total", MetricType.Counter, "Shares passed on by this node as a trusted intermediate.", [MetricSample.Of(c.Forwarded)])
                .Family("qkdnet_relay_delivered_total", MetricType.Counter, "Relayed keys stored here as destination.", [MetricSample.Of(c.Delivered)])
                .Family("qkdnet_relay_pad_bits_total", MetricType.Counter, "Link key spent on pads of hops sent from here, in bits.", [MetricSample.Of(c.PadBitsSent)])
                .Family("qkdnet_relay_pads_stocked", MetricType.Gauge, "Relay pads ready towards each neighbour (provisioned at start-up, refilled as they run low).", relay.Keys.StockedPads().Select(p => MetricSample.Of(p.Pads, ("link", p.Link.Value), ("peer", p.Peer.Value))))
                .Family("qkdnet_relay_rejected_total", MetricType.Counter, "Relay messages refused, by reason.", c.Rejected.OrderBy(r => r.Key).Select(r => MetricSample.Of(r.Value, ("reason", r.Key.ToString()))))
                .Family("qkdnet_routing_snapshot_version", MetricType.Gauge, "Version of the routing snapshot this node relays over.", [MetricSample.Of(relay.Routes.Current.Version)]);
        }

        return writer.ToString();
    }
}
