using QkdNet.KeyManagement;
using QkdNet.Quantum;

namespace QkdNet.Control.Health;

/// <summary>One measurement of a link, typically after each distilled (or aborted) block.</summary>
/// <param name="Link">The link.</param>
/// <param name="Qber">Quantum bit error rate of the block; null when there is no estimate (counted as above any threshold).</param>
/// <param name="SecretKeyRateBps">Secret key rate in bits per second.</param>
/// <param name="PoolBits">Key held in the link's pool, in bits.</param>
/// <param name="PoolCapacityBits">The pool's capacity, in bits (&gt; 0).</param>
/// <param name="BlockAborted">True when the block produced no key.</param>
/// <param name="AbortReason">Why it was aborted (e.g. "verification failed"), or null.</param>
/// <param name="AuthenticationFailed">True when a Wegman-Carter tag failed on the link's classical channel (a man in the middle suspected).</param>
public sealed record LinkHealthSample(LinkId Link, Qber? Qber, double SecretKeyRateBps, long PoolBits, long PoolCapacityBits,
    bool BlockAborted = false, string? AbortReason = null, bool AuthenticationFailed = false)
{
    /// <summary>Pool level as a fraction of capacity, 0 to 1.</summary>
    public double PoolFraction => PoolCapacityBits > 0 ? Math.Clamp((double)PoolBits / PoolCapacityBits, 0, 1) : 0;
}
