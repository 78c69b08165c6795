using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Encryption;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Sealing;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Storage.Postgres;

/// <summary>
/// <see cref="IKeyStore"/> on a PostgreSQL schema per node: the same contract, encryption, sealing and audit
/// chain as <see cref="SqliteKeyStore"/>. One writer task owns one connection and commits the requests queued
/// during the previous commit in one transaction (group commit), completing them only after COMMIT returns
/// with <c>synchronous_commit</c> on, i.e. after the server flushed its WAL. The connection's session holds an
/// advisory lock on the schema, so a second process cannot open the same node store.
/// </summary>
public sealed partial class PostgresKeyStore : IKeyStore, IStoreQueue
{
    private readonly PostgresKeyStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _connectionString;
    private readonly AssociatedData _associatedData = new();
    private readonly StorePools _pools;
    private readonly Dictionary<(long BlockRow, int Index), BatchChunk> _batchChunks = [];
    private readonly Channel<StoreOperation> _queue = Channel.CreateUnbounded<StoreOperation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<NpgsqlBatchCommand> _deferred = [];
    private readonly Task _writer;
    private NpgsqlConnection _connection;
    private NpgsqlTransaction? _transaction;
    private volatile RowCipher? _cipher;
    private volatile SealRecord? _sealRecord;

    private PostgresKeyStore(PostgresKeyStoreOptions options, TimeProvider time, ILogger logger, string connectionString)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _pools = new StorePools(options.PoolFor);
        _connectionString = connectionString;
        _connection = Connect();
        _writer = Task.Run(RunWriterAsync);
    }

    /// <inheritdoc />
    public bool IsSealed => _cipher is null;

    /// <inheritdoc />
    public bool IsInitialized => _sealRecord is not null;

    /// <inheritdoc />
    public int MaxKeysPerRequest => _options.MaxKeysPerRequest;

    /// <inheritdoc />
    public int MaxKeySizeBits => _options.MaxKeySizeBits;

    /// <inheritdoc />
    public int MaxSlavesPerKey => _options.MaxSlavesPerKey;

    /// <summary>
    /// Connects, takes the schema's advisory lock, creates or checks the schema and loads the pools, sealed.
    /// Throws <see cref="InvalidOperationException"/> when another process holds the store or the schema is
    /// newer than this code, and <see cref="NpgsqlException"/> when the server cannot be reached.
    /// </summary>
    /// <param name="options">The store's settings.</param>
    /// <param name="timeProvider">The clock of expiry and audit times.</param>
    /// <param name="logger">Where storage failures are logged (type and stack, never a message); none when null.</param>
    public static PostgresKeyStore Open(PostgresKeyStoreOptions options, TimeProvider timeProvider, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (!PostgresKeyStoreOptions.IsValidSchema(options.Schema))
        {
            throw new ArgumentException("The schema must be 1 to 63 characters from a-z 0-9 _, starting with a letter or _.", nameof(options));
        }

        options.DefaultPool.Validate();
        foreach (PoolOptions pool in options.Pools.Values)
        {
            pool.Validate();
        }

        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            Pooling = false, // the session holds the advisory lock: it must end when the store closes
            SearchPath = options.Schema,
            Enlist = false,
        };
        builder.ApplicationName ??= "qkdnet-keystore";
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64; // the store runs a few dozen statements over and over
        }

        return new PostgresKeyStore(options, timeProvider, logger ?? NullLogger.Instance, builder.ConnectionString);
    }

    /// <inheritdoc />
    public Result<PoolStatus, KeyStoreFailure> GetPoolStatus(LinkId link)
    {
        if (IsSealed)
        {
            return SealedFailure<PoolStatus>();
        }

        return Result<PoolStatus, KeyStoreFailure>.Ok(_pools.StatusOf(link));
    }

    /// <summary>Finishes queued requests, then closes the connection (releasing the lock) and zeroes the master key.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        _cipher?.Dispose();
        _cipher = null;
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private static Result<T, KeyStoreFailure> SealedFailure<T>() => StoreKeys.SealedFailure<T>();

    private long NowUnixMilliseconds => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private LinkPool PoolOf(LinkId link) => _pools.Of(link);

    private Task<Result<T, KeyStoreFailure>> Enqueue<T>(Func<Result<T, KeyStoreFailure>> body, Action<Result<T, KeyStoreFailure>>? discard, CancellationToken cancellationToken) =>
        StoreQueue.Enqueue(this, body, discard, cancellationToken);
    /// <inheritdoc />
    void IStoreQueue.Submit(StoreOperation operation)
    {
        if (!_queue.Writer.TryWrite(operation))
        {
            throw new ObjectDisposedException(nameof(PostgresKeyStore));
        }
    }
}
