using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Pools;

namespace QkdNet.KeyManagement.Storage;

/// <summary>Settings of a <see cref="SqliteKeyStore"/>. Immutable once the store is opened.</summary>
public sealed class SqliteKeyStoreOptions
{
    /// <summary>Path of the database file (created when missing; <c>-wal</c> and <c>-shm</c> files sit beside it).</summary>
    public required string Path { get; init; }

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
    /// Most requests committed together in one transaction (one fsync). Default 512: under load a batch
    /// holds every request that arrived during the previous commit, so this only caps its latency.
    /// </summary>
    public int MaxBatchSize { get; init; } = 512;

    /// <summary>How long a statement waits for another process's lock, in milliseconds. Default 5000.</summary>
    public int BusyTimeoutMilliseconds { get; init; } = 5000;

    /// <summary>Test hook: called before each audit record is written; throwing makes the write fail.</summary>
    internal Action<AuditEventKind>? BeforeAuditWrite { get; init; }

    /// <summary>Test hook: called before each COMMIT, after every request of the batch ran; throwing rolls the batch back.</summary>
    internal Action? BeforeCommit { get; init; }

    /// <summary>The engine's share of these settings.</summary>
    internal KeyStoreEngineOptions ToEngineOptions() => new()
    {
        ReservationLifetime = ReservationLifetime,
        DefaultPool = DefaultPool,
        Pools = Pools,
        MaxKeysPerRequest = MaxKeysPerRequest,
        MaxKeySizeBits = MaxKeySizeBits,
        MaxSlavesPerKey = MaxSlavesPerKey,
        MaxBatchSize = MaxBatchSize,
        BeforeAuditWrite = BeforeAuditWrite,
        BeforeCommit = BeforeCommit,
    };
}
