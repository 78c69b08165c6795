using Microsoft.Extensions.Logging;

namespace QkdNet.KeyManagement.Storage;

/// <summary>
/// <see cref="IKeyStore"/> on one SQLite file per node: the <see cref="KeyStoreEngine"/> over the file's statements.
/// Each batch of requests is one transaction and one fsync (WAL, <c>synchronous=FULL</c>); deleted content is
/// overwritten (<c>secure_delete</c>), so used-up chunks and fetched keys leave no copy in free pages.
/// </summary>
public sealed partial class SqliteKeyStore : KeyStoreEngine
{
    private SqliteKeyStore(IKeyStorageBackend backend, KeyStoreEngineOptions options, TimeProvider timeProvider, ILogger? logger)
        : base(backend, options, timeProvider, logger)
    {
    }

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
        KeyStoreEngineOptions engine = options;
        engine.Validate();
        SqliteKeyStorage storage = SqliteKeyStorage.Open(options.Path, options.BusyTimeoutMilliseconds);
        try
        {
            return new SqliteKeyStore(storage, engine, timeProvider, logger);
        }
        catch
        {
            storage.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }
}
