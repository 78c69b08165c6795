using QkdNet.Control.Routing;
using QkdNet.KeyManagement;
using QkdNet.Quantum;

namespace QkdNet.Control.Health;

/// <summary>The monitor's current view of one link (immutable).</summary>
/// <param name="Link">The link.</param>
/// <param name="State">Normal, degraded or quarantined.</param>
/// <param name="Qber">Last QBER; null before the first sample, or when the last sample had no estimate.</param>
/// <param name="SecretKeyRateBps">Last secret key rate in bits per second.</param>
/// <param name="PoolFraction">Last pool level, 0 to 1.</param>
/// <param name="LastSampleAt">When the last sample was recorded, or null.</param>
/// <param name="StateSince">When <see cref="State"/> was entered.</param>
/// <param name="ConsecutiveGoodSamples">Samples of blocks that produced key under the QBER threshold, in a row (counts recovery from quarantine; an aborted block resets it).</param>
/// <param name="Samples">Samples recorded since start.</param>
/// <param name="AbortedBlocks">Blocks reported aborted since start.</param>
public sealed record LinkHealthReport(LinkId Link, LinkHealthState State, Qber? Qber, double SecretKeyRateBps, double PoolFraction,
    DateTimeOffset? LastSampleAt, DateTimeOffset StateSince, int ConsecutiveGoodSamples, long Samples, long AbortedBlocks)
{
    /// <summary>Samples of aborted blocks in a row (a block that produced key resets it).</summary>
    public int ConsecutiveAborts { get; init; }

    /// <summary>The operator who quarantined the link by hand, or null (see <see cref="LinkHealthMonitor.QuarantineByOperator"/>).</summary>
    public string? QuarantinedBy { get; init; }

    /// <summary>What routing needs: pool, rate, and whether the link is quarantined.</summary>
    public LinkState ToLinkState() => new(Link, PoolFraction, SecretKeyRateBps, State == LinkHealthState.Quarantined);
}
