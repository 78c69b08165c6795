namespace QkdNet.Services.Trading.Channel;

/// <summary>How a channel end behaves when pad runs dry, and how often its AES fallback rekeys.</summary>
public sealed record ChannelOptions
{
    /// <summary>The most messages one AES key may protect (2^20), and the default.</summary>
    public const long MaxAesMessagesPerKey = 1L << 20;

    /// <summary>The longest one AES key may be used (1 s), and the default.</summary>
    public static readonly TimeSpan MaxAesKeyLifetime = TimeSpan.FromSeconds(1);

    /// <summary>What to do when the pad source cannot cover a message; default <see cref="FallbackPolicy.Wait"/>.</summary>
    public FallbackPolicy Policy { get; init; } = FallbackPolicy.Wait;

    /// <summary>Messages per AES key before a rekey, 1 to <see cref="MaxAesMessagesPerKey"/>.</summary>
    public long AesRekeyMessages { get; init; } = MaxAesMessagesPerKey;

    /// <summary>Time per AES key before a rekey, above zero and at most <see cref="MaxAesKeyLifetime"/>.</summary>
    public TimeSpan AesRekeyInterval { get; init; } = MaxAesKeyLifetime;

    /// <summary>The clock the rekey interval is measured on.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Throws when a limit is outside its range (a programming error, not user input).</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(AesRekeyMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(AesRekeyMessages, MaxAesMessagesPerKey);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(AesRekeyInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(AesRekeyInterval, MaxAesKeyLifetime);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (!Enum.IsDefined(Policy))
        {
            throw new ArgumentOutOfRangeException(nameof(Policy), Policy, "Unknown fallback policy.");
        }
    }
}
