namespace QkdNet.KeyManagement.Pools;

/// <summary>
/// A snapshot of one link's pool for ETSI 014 <c>status</c> and for metrics.
/// </summary>
/// <param name="Link">The link.</param>
/// <param name="AvailableBits">Unconsumed material, in bits.</param>
/// <param name="Options">The pool's sizing.</param>
public sealed record PoolStatus(LinkId Link, long AvailableBits, PoolOptions Options)
{
    /// <summary>The state the watermarks give.</summary>
    public PoolState State => Options.StateFor(AvailableBits);

    /// <summary>ETSI <c>key_size</c>: the default key size, in bits.</summary>
    public int KeySizeBits => Options.KeySizeBits;

    /// <summary>ETSI <c>stored_key_count</c>: keys of <see cref="KeySizeBits"/> the available material makes.</summary>
    public long StoredKeyCount => AvailableBits / Options.KeySizeBits;

    /// <summary>ETSI <c>max_key_count</c>: keys of <see cref="KeySizeBits"/> a full pool holds.</summary>
    public long MaxKeyCount => Options.CapacityBits / Options.KeySizeBits;
}
