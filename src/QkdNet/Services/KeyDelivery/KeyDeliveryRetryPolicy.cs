namespace QkdNet.Services.KeyDelivery;

/// <summary>
/// How often and how long a client repeats a request ETSI 014 makes safe to repeat (a status, or any request the
/// KME answered 503): exponential back-off with full jitter (a uniform delay between zero and the cap).
/// </summary>
/// <param name="MaxAttempts">Attempts in all, the first included; 1 disables retries.</param>
/// <param name="BaseDelay">The cap of the first back-off; it doubles per attempt.</param>
/// <param name="MaxDelay">The largest cap.</param>
public sealed record KeyDeliveryRetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    /// <summary>Four attempts, 100 ms doubling up to 2 s.</summary>
    public static KeyDeliveryRetryPolicy Default { get; } = new(4, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));

    /// <summary>One attempt only.</summary>
    public static KeyDeliveryRetryPolicy None { get; } = new(1, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>The delay before attempt <paramref name="retry"/> + 1 (<paramref name="retry"/> from 1), drawn from <paramref name="unit"/> in [0, 1).</summary>
    public TimeSpan Delay(int retry, double unit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        double cap = Math.Min(MaxDelay.Ticks, BaseDelay.Ticks * Math.Pow(2, retry - 1));
        return TimeSpan.FromTicks((long)(cap * unit));
    }
}
