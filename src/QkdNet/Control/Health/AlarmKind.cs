namespace QkdNet.Control.Health;

/// <summary>What an alarm is about.</summary>
public enum AlarmKind
{
    /// <summary>QBER above the link's threshold; the link is quarantined (critical).</summary>
    QberAboveThreshold = 0,

    /// <summary>A block was aborted for a reason other than QBER (warning).</summary>
    BlockAborted = 1,

    /// <summary>The link's pool fell below the low-water fraction (warning).</summary>
    PoolLow = 2,

    /// <summary>No sample arrived for longer than allowed (warning).</summary>
    NoSamples = 3,

    /// <summary>
    /// A Wegman-Carter tag failed on the link's classical channel, the sign of a man in the middle; the link is
    /// quarantined (critical) and its source halted until an operator re-commissions it.
    /// </summary>
    AuthenticationFailed = 4,

    /// <summary>
    /// Blocks aborted <see cref="LinkHealthOptions.QuarantineAfterAborts"/> times in a row with the QBER under the
    /// threshold: an eavesdropper may be holding it just below; the link is quarantined (critical).
    /// </summary>
    RepeatedAborts = 5,

    /// <summary>An operator quarantined the link by hand (warning); it stays quarantined, whatever its samples say, until an operator restores it.</summary>
    OperatorQuarantine = 6,
}
