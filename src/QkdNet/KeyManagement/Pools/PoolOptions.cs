namespace QkdNet.KeyManagement.Pools;

/// <summary>
/// The sizing of one link's pool, all in bits. Immutable; validated by <see cref="Validate"/>.
/// </summary>
/// <param name="KeySizeBits">The pool's default key size (ETSI 014 <c>key_size</c>), a positive multiple of 8.</param>
/// <param name="LowWatermarkBits">Below this the pool is in <see cref="PoolState.Warning"/>.</param>
/// <param name="HighWatermarkBits">At or above this the pool is <see cref="PoolState.Ready"/>.</param>
/// <param name="CapacityBits">Most unconsumed material the pool holds; ingest beyond it is refused (ETSI <c>max_key_count</c> = this / key size).</param>
public sealed record PoolOptions(int KeySizeBits, long LowWatermarkBits, long HighWatermarkBits, long CapacityBits)
{
    /// <summary>256-bit keys; warning below 1 Mbit, ready from 8 Mbit, capacity 256 Mbit (32 MiB).</summary>
    public static PoolOptions Default { get; } = new(256, 1L << 20, 8L << 20, 256L << 20);

    /// <summary>Throws <see cref="ArgumentException"/> unless <c>0 &lt; key size &lt;= low &lt;= high &lt;= capacity</c> and the key size is a multiple of 8.</summary>
    public PoolOptions Validate()
    {
        if (KeySizeBits <= 0 || KeySizeBits % 8 != 0 || LowWatermarkBits < KeySizeBits
            || HighWatermarkBits < LowWatermarkBits || CapacityBits < HighWatermarkBits)
        {
            throw new ArgumentException("Pool options need 0 < key size (a multiple of 8) <= low <= high <= capacity, in bits.");
        }

        return this;
    }

    /// <summary>The state of a pool holding <paramref name="availableBits"/> bits.</summary>
    public PoolState StateFor(long availableBits) =>
        availableBits < KeySizeBits ? PoolState.Empty
        : availableBits < LowWatermarkBits ? PoolState.Warning
        : availableBits < HighWatermarkBits ? PoolState.Charging
        : PoolState.Ready;
}
