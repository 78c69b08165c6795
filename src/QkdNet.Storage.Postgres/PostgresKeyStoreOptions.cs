using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Storage.Postgres;

/// <summary>Settings of a <see cref="PostgresKeyStore"/>. Immutable once the store is opened.</summary>
public sealed class PostgresKeyStoreOptions
{
    /// <summary>Longest schema name PostgreSQL keeps (NAMEDATALEN - 1), in characters.</summary>
    public const int MaxSchemaLength = 63;

    /// <summary>
    /// Npgsql connection string (host, database, user; the password may come from <c>PGPASSWORD</c> or a
    /// <c>.pgpass</c> file instead). Pooling is switched off for the store's own connection: its session
    /// holds the node's advisory lock.
    /// </summary>
    public required string ConnectionString { get; init; }

    /// <summary>
    /// The schema holding this node's tables (created when missing): one schema per node, so several nodes
    /// may share a database. 1 to 63 characters from <c>a-z 0-9 _</c>, starting with a letter or <c>_</c>.
    /// </summary>
    public required string Schema { get; init; }

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

    /// <summary>Most requests committed together in one transaction (group commit). Default 512.</summary>
    public int MaxBatchSize { get; init; } = 512;

    /// <summary>Test hook: called before each audit record is written; throwing makes the write fail.</summary>
    internal Action<AuditEventKind>? BeforeAuditWrite { get; init; }

    /// <summary>Whether <paramref name="schema"/> is a schema name this store accepts (it is quoted nowhere, so the rule is strict).</summary>
    public static bool IsValidSchema(string? schema) =>
        !string.IsNullOrEmpty(schema) && schema.Length <= MaxSchemaLength
        && (char.IsAsciiLetterLower(schema[0]) || schema[0] == '_')
        && schema.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

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
    };
}
