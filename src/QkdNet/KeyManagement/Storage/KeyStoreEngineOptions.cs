using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Pools;

namespace QkdNet.KeyManagement.Storage;

/// <summary>
/// Settings of a <see cref="KeyStoreEngine"/>, whatever its backend. Immutable once the store is opened. Each store's
/// own options (<see cref="SqliteKeyStoreOptions"/>, the PostgreSQL store's) derive from this class and add only where
/// their data lives, so the shared settings and their defaults are declared once.
/// </summary>
public class KeyStoreEngineOptions
{
    /// <summary>How long a reserved key waits for its slaves before it is destroyed. Default 5 minutes.</summary>
    public TimeSpan ReservationLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Pool sizing for links without an entry in <see cref="Pools"/>.</summary>
    public PoolOptions DefaultPool { get; init; } = PoolOptions.Default;

    /// <summary>Pool sizing per link.</summary>
    public IReadOnlyDictionary<LinkId, PoolOptions> Pools { get; init; } = new Dictionary<LinkId, PoolOptions>();

    /// <summary>Most keys per request. Default 1024.</summary>
    public int MaxKeysPerRequest { get; init; } = 1024;

    /// <summary>Largest key in bits. Default 8192 (1 KiB).</summary>
    public int MaxKeySizeBits { get; init; } = 8192;

    /// <summary>Most slave SAEs per key. Default 16.</summary>
    public int MaxSlavesPerKey { get; init; } = 16;

    /// <summary>
    /// Most requests committed together in one transaction (group commit). Default 512: under load a batch holds every
    /// request that arrived during the previous commit, so this only caps its latency.
    /// </summary>
    public int MaxBatchSize { get; init; } = 512;

    /// <summary>Fault injection for a store's tests: called before each audit record is written; throwing makes the write fail. Null in production.</summary>
    public Action<AuditEventKind>? BeforeAuditWrite { get; init; }

    /// <summary>Fault injection for a store's tests: called before each commit, after every request of the batch ran; throwing rolls the batch back. Null in production.</summary>
    public Action? BeforeCommit { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> when a pool's sizing is inconsistent (<see cref="PoolOptions.Validate"/>).</summary>
    public void Validate()
    {
        DefaultPool.Validate();
        foreach (PoolOptions pool in Pools.Values)
        {
            pool.Validate();
        }
    }

    internal PoolOptions PoolFor(LinkId link) => Pools.TryGetValue(link, out PoolOptions? options) ? options : DefaultPool;
}
