namespace QkdNet.Quantum;

/// <summary>Health figures of one link end.</summary>
/// <param name="Qber">QBER of the latest block (distilled, or the estimate of an aborted one); null while there is none.</param>
/// <param name="SecretKeyRateBps">Secret key bits per second over the recent blocks.</param>
/// <param name="BlocksDelivered">Blocks produced so far.</param>
/// <param name="BlocksAborted">Blocks discarded (QBER too high, reconciliation or verification failed).</param>
/// <param name="LastAbortReason">Why the latest block was discarded, or null.</param>
public sealed record QkdModuleStatus(Qber? Qber, double SecretKeyRateBps, long BlocksDelivered, long BlocksAborted, string? LastAbortReason)
{
    /// <summary>
    /// True after a Wegman-Carter tag failed on the link's classical channel (a man in the middle suspected): the
    /// link produces nothing until an operator re-commissions it.
    /// </summary>
    public bool AuthenticationFailed { get; init; }
}
