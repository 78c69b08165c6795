using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Encryption;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Sealing;

namespace QkdNet.KeyManagement.Storage;

/// <summary>
/// <see cref="IKeyStore"/> on one SQLite file per node. One writer task owns the connection and commits
/// requests in batches (group commit: one transaction and one fsync for every request that queued up
/// during the previous commit), so durability costs one fsync per batch, not per request.
/// Key material is stored in 1 KiB chunks, each AES-256-GCM encrypted under the master key; consumed bytes
/// are zeroed inside the chunk and a used-up chunk is deleted (with <c>secure_delete</c>).
/// </summary>
public sealed partial class SqliteKeyStore : IKeyStore, IStoreQueue
{
    private readonly SqliteKeyStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly StoreFileLock _lock;
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly AssociatedData _associatedData = new();
    private readonly StorePools _pools;
    private readonly Dictionary<(long BlockRow, int Index), BatchChunk> _batchChunks = [];
    private readonly Channel<StoreOperation> _queue = Channel.CreateUnbounded<StoreOperation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    /// <summary>Set by every enqueue, so the writer's thread wakes directly, not through a thread-pool continuation.</summary>
    private readonly AutoResetEvent _queued = new(false);
    private volatile RowCipher? _cipher;
    private volatile SealRecord? _sealRecord;

    private SqliteKeyStore(SqliteKeyStoreOptions options, TimeProvider time, ILogger logger, StoreFileLock claim, SqliteConnection connection)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _lock = claim;
        _pools = new StorePools(options.PoolFor);
        _connection = connection;
        ApplyPragmas();
        MigrateSchema();
        LoadState();
        StartCheckpointer(connection.ConnectionString);
        // a thread of its own: every commit blocks in fsync, which on a thread-pool thread would take one of the few
        // workers a small machine has (2 on the 2-vCPU test VM) from the HTTP handlers for the whole commit
        _writer = Task.Factory.StartNew(RunWriter, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
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
    /// Opens (creating when missing) the store at <see cref="SqliteKeyStoreOptions.Path"/>, sealed. A missing folder is
    /// created, and a new database file, like its folder, is owner-only (0600, folders 0700; SQLite gives its <c>-wal</c>
    /// and <c>-shm</c> files the database's mode). Throws <see cref="IOException"/> naming the other process when one
    /// holds the store (see <see cref="StoreFileLock"/>), and throws when the file cannot be opened or holds a newer
    /// schema than this code knows.
    /// </summary>
    /// <param name="options">The store's settings.</param>
    /// <param name="timeProvider">The clock of expiry and audit times.</param>
    /// <param name="logger">Where storage failures are logged (type and stack, never a message); none when null.</param>
    public static SqliteKeyStore Open(SqliteKeyStoreOptions options, TimeProvider timeProvider, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.DefaultPool.Validate();
        foreach (PoolOptions pool in options.Pools.Values)
        {
            pool.Validate();
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = options.Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false, // the file handle must close with the store (reopen, delete, hand over)
            DefaultTimeout = Math.Max(1, options.BusyTimeoutMilliseconds / 1000),
        };
        string fullPath = System.IO.Path.GetFullPath(options.Path);
        StoreFiles.CreateFolder(System.IO.Path.GetDirectoryName(fullPath)!);
        StoreFileLock claim = StoreFileLock.Acquire(fullPath);
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            StoreFiles.CreateEmptyIfMissing(fullPath);
            connection.Open();
            return new SqliteKeyStore(options, timeProvider, logger ?? NullLogger.Instance, claim, connection);
        }
        catch
        {
            connection.Dispose();
            claim.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public Result<PoolStatus, KeyStoreFailure> GetPoolStatus(LinkId link)
    {
        if (IsSealed)
        {
            return Result<PoolStatus, KeyStoreFailure>.Fail(new KeyStoreFailure(KeyStoreError.Sealed, "The key store is sealed."));
        }

        return Result<PoolStatus, KeyStoreFailure>.Ok(_pools.StatusOf(link));
    }

    /// <summary>Finishes queued requests, then closes the file and zeroes the master key.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        _queued.Set();
        await _writer.ConfigureAwait(false);
        StopCheckpointer();
        _queued.Dispose();
        _cipher?.Dispose();
        _cipher = null;
        foreach (SqliteCommand command in _commands.Values)
        {
            command.Dispose();
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
        _lock.Dispose();
    }

    private static Result<T, KeyStoreFailure> SealedFailure<T>() => StoreKeys.SealedFailure<T>();

    private long NowUnixMilliseconds => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private LinkPool PoolOf(LinkId link) => _pools.Of(link);

    private Task<Result<T, KeyStoreFailure>> Enqueue<T>(Func<Result<T, KeyStoreFailure>> body, Action<Result<T, KeyStoreFailure>>? discard, CancellationToken cancellationToken) =>
        StoreQueue.Enqueue(this, body, discard, cancellationToken);

    /// <inheritdoc />
    void IStoreQueue.Submit(StoreOperation operation) => Submit(operation);

    private void Submit(StoreOperation operation)
    {
        if (!_queue.Writer.TryWrite(operation))
        {
            throw new ObjectDisposedException(nameof(SqliteKeyStore));
        }

        try
        {
            _queued.Set();
        }
        catch (ObjectDisposedException)
        {
            // written just before the store closed: the writer drained the queue before it stopped
        }
    }
}
