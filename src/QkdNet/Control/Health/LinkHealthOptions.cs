namespace QkdNet.Control.Health;

/// <summary>Thresholds of the <see cref="LinkHealthMonitor"/> (the QBER threshold is per link, in the topology).</summary>
/// <param name="RecoverySamples">Consecutive samples of blocks that produced key under the QBER threshold that lift a quarantine (default 3).</param>
/// <param name="LowPoolFraction">Pool fraction below which the link is degraded and a warning raised (default 0.1).</param>
/// <param name="StaleAfter">Time without samples after which the link is degraded (default 30 s).</param>
/// <param name="QuarantineAfterAborts">
/// Samples of aborted blocks in a row that quarantine the link even with its QBER under the threshold (default 5): an
/// eavesdropper who holds the QBER just under it (intercept-resend on 18 % of the pulses: about 7.5 % against 8 %)
/// makes every block abort, and a link that makes no key for that long is no route to trust.
/// </param>
public sealed record LinkHealthOptions(int RecoverySamples = 3, double LowPoolFraction = 0.1, TimeSpan? StaleAfter = null, int QuarantineAfterAborts = 5)
{
    /// <summary>The defaults.</summary>
    public static LinkHealthOptions Default { get; } = new();

    /// <summary><see cref="StaleAfter"/> with its default applied.</summary>
    public TimeSpan StaleAfterOrDefault => StaleAfter ?? TimeSpan.FromSeconds(30);
}
