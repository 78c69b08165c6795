
namespace QkdNet.KeyManagement.Storage;

/// <summary>Settings of a <see cref="SqliteKeyStore"/>. Immutable once the store is opened.</summary>
public sealed class SqliteKeyStoreOptions : KeyStoreEngineOptions
{
    /// <summary>Path of the database file (created when missing; <c>-wal</c> and <c>-shm</c> files sit beside it).</summary>
    public required string Path { get; init; }

    /// <summary>How long a statement waits for another process's lock, in milliseconds. Default 5000.</summary>
    public int BusyTimeoutMilliseconds { get; init; } = 5000;
}
