using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using QkdNet.KeyManagement.Encryption;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Sealing;

namespace QkdNet.KeyManagement.Storage;

/// <summary>
/// <see cref="IKeyStore"/> over any <see cref="IKeyStorageBackend"/>: the request rules, the master key and sealing,
/// the pools, the encryption of material and keys, the audit chain, recovery after a rollback, and the single writer
/// that commits requests in batches (group commit: one transaction, and one durable write, for every request that
/// queued up during the previous commit). A store (<see cref="SqliteKeyStore"/>, the PostgreSQL one, a third) is a
/// backend, its SQL, plus a factory that opens it and hands it to this engine.
/// </summary>
/// <remarks>
/// Key material is kept in 1 KiB chunks, each AES-256-GCM sealed under the master key with its identity and
/// consumption map as associated data; consumed bytes are zeroed inside the chunk and a used-up chunk is deleted.
/// Thread-safe: any number of callers may use it at once; the backend sees only the writer's thread.
/// </remarks>
public partial class KeyStoreEngine : IKeyStore
{
    private readonly IKeyStorageBackend _backend;
    private readonly KeyStoreEngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AssociatedData _associatedData = new();
    private readonly StorePools _pools;
    private readonly Dictionary<(long BlockRow, int Index), BatchChunk> _batchChunks = [];
    private readonly Channel<StoreOperation> _queue = Channel.CreateUnbounded<StoreOperation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    /// <summary>Set by every enqueue, so the writer's thread wakes directly, not through a thread-pool continuation.</summary>
    private readonly AutoResetEvent _queued = new(false);

    /// <summary>The row cipher under the open master key; null while sealed. Changed only on the writer.</summary>
    private volatile RowCipher? _cipher;

    /// <summary>The sealed master key record; null until the store is initialised. Changed only on the writer (and at open).</summary>
    private volatile SealRecord? _sealRecord;

    /// <summary>
    /// Loads the state the backend holds (seal record, pools, audit head), sealed, and starts the writer. The engine owns
    /// <paramref name="backend"/> from here on and disposes it with itself; when this constructor throws, the caller still
    /// owns it.
    /// </summary>
    /// <param name="backend">The opened storage, used by nothing else.</param>
    /// <param name="options">The store's settings.</param>
    /// <param name="timeProvider">The clock of expiry and audit times.</param>
    /// <param name="logger">Where storage failures are logged (type and stack, never a message); none when null.</param>
    public KeyStoreEngine(IKeyStorageBackend backend, KeyStoreEngineOptions options, TimeProvider timeProvider, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _backend = backend;
        _options = options;
        _time = timeProvider;
        _logger = logger ?? NullLogger.Instance;
        _pools = new StorePools(options.PoolFor);
        LoadState();
        // a thread of its own: every commit blocks in its durable write (fsync, or the server's answer), which on a
        // thread-pool thread would take one of the few workers a small machine has (2 on the 2-vCPU test VM) from the
        // HTTP handlers for the whole commit
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

    /// <inheritdoc />
    public Result<PoolStatus, KeyStoreFailure> GetPoolStatus(LinkId link) =>
        IsSealed ? SealedFailure<PoolStatus>() : Result<PoolStatus, KeyStoreFailure>.Ok(_pools.StatusOf(link));

    /// <summary>Finishes queued requests, then closes the backend and zeroes the master key.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        _queued.Set();
        await _writer.ConfigureAwait(false);
        _queued.Dispose();
        ForgetHeadKey();
        _cipher?.Dispose();
        _cipher = null;
        await _backend.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    private static Result<T, KeyStoreFailure> SealedFailure<T>() => new KeyStoreFailure(KeyStoreError.Sealed, "The key store is sealed.");

    private static Result<T, KeyStoreFailure> Invalid<T>(string detail) => new KeyStoreFailure(KeyStoreError.InvalidRequest, detail);

    /// <summary>
    /// Queues <paramref name="body"/> to run on the writer inside a transaction; <paramref name="discard"/> undoes its
    /// in-memory effects when the transaction rolls back. The task completes after the commit.
    /// </summary>
    private Task<Result<T, KeyStoreFailure>> Enqueue<T>(Func<Result<T, KeyStoreFailure>> body, Action<Result<T, KeyStoreFailure>>? discard, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<Result<T, KeyStoreFailure>>(cancellationToken);
        }

        var operation = new StoreOperation<T>(body, discard);
        Submit(operation);
        return operation.Task;
    }

    private void Submit(StoreOperation operation)
    {
        if (!_queue.Writer.TryWrite(operation))
        {
            throw new ObjectDisposedException(GetType().Name);
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
