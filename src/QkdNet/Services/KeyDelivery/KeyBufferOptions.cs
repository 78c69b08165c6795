namespace QkdNet.Services.KeyDelivery;

/// <summary>How a <see cref="KeyBuffer"/> sizes its stock and how its background refill paces itself.</summary>
public sealed record KeyBufferOptions
{
    /// <summary>Size of each key, in bits (a multiple of 8 within the KME's min and max key size). Default 256.</summary>
    public int KeySizeBits { get; init; } = 256;

    /// <summary>Fewest keys the buffer aims to hold, whatever the consumption. Default 64.</summary>
    public int MinKeys { get; init; } = 64;

    /// <summary>Most keys the buffer aims to hold. Default 65,536.</summary>
    public int MaxKeys { get; init; } = 1 << 16;

    /// <summary>The buffer aims to hold this long's consumption at the observed rate (clamped to <see cref="MinKeys"/>..<see cref="MaxKeys"/>). Default 1 s.</summary>
    public TimeSpan Horizon { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The low-water mark as a fraction of the aimed-at level; below it the buffer raises its event and refills at once. Default 0.25.</summary>
    public double LowWaterFraction { get; init; } = 0.25;

    /// <summary>How often the background refill looks at the level when nothing wakes it. Default 100 ms.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long the background refill waits after a failed fetch (on top of the client's own retries). Default 1 s.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    internal void Validate()
    {
        if (KeySizeBits <= 0 || KeySizeBits % 8 != 0)
        {
            throw new ArgumentException($"KeySizeBits must be a positive multiple of 8, not {KeySizeBits}.");
        }

        if (MinKeys < 1 || MaxKeys < MinKeys)
        {
            throw new ArgumentException($"Need 1 <= MinKeys <= MaxKeys, not {MinKeys} and {MaxKeys}.");
        }

        if (LowWaterFraction is <= 0 or >= 1 || Horizon <= TimeSpan.Zero || PollInterval <= TimeSpan.Zero || RetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("LowWaterFraction must lie in (0, 1), Horizon and PollInterval must be positive, RetryDelay not negative.");
        }
    }
}
