using QkdNet.KeyManagement;

namespace QkdNet.Control.Topology;

/// <summary>A QKD link between two trusted nodes (undirected for routing; <see cref="A"/> is the transmitter).</summary>
/// <param name="Id">The link ID both nodes use.</param>
/// <param name="A">One end (Alice, the transmitter).</param>
/// <param name="B">The other end (Bob, the receiver).</param>
/// <param name="Physics">Channel and device preset.</param>
/// <param name="QberThreshold">QBER (fraction, 0 to 0.5) above which the link is quarantined.</param>
/// <param name="SpeedUp">Factor (&gt;= 1) by which a demo runs the link faster than its physics allows.</param>
public sealed record TopologyLink(LinkId Id, KmeId A, KmeId B, LinkPhysics Physics, double QberThreshold = TopologyLink.DefaultQberThreshold, double SpeedUp = 1)
{
    /// <summary>Default QBER alarm threshold: 11 %, the BB84 limit for one-way post-processing (Shor and Preskill, PRL 85, 441 (2000)).</summary>
    public const double DefaultQberThreshold = 0.11;

    /// <summary>The end opposite <paramref name="node"/>; <paramref name="node"/> must be an end.</summary>
    public KmeId OtherEnd(KmeId node) =>
        node == A ? B : node == B ? A : throw new ArgumentException($"Node '{node}' is not an end of link '{Id}'.", nameof(node));

    /// <summary>Whether <paramref name="node"/> is one of the two ends.</summary>
    public bool Touches(KmeId node) => node == A || node == B;
}
