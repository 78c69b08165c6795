using Microsoft.Extensions.Logging;
using Npgsql;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Storage.Postgres;

/// <summary>
/// <see cref="IKeyStore"/> on a PostgreSQL schema per node: the <see cref="KeyStoreEngine"/> (the same contract,
/// encryption, sealing and audit chain as <see cref="SqliteKeyStore"/>) over this schema's statements. A batch of
/// requests is one transaction, completed only after COMMIT returns with <c>synchronous_commit</c> on, i.e. after the
/// server flushed its WAL. The connection's session holds an advisory lock on the schema, so a second process cannot
/// open the same node store; a lost connection is reopened before the next batch.
/// </summary>
public sealed class PostgresKeyStore : KeyStoreEngine
{
    private PostgresKeyStore(IKeyStorageBackend backend, KeyStoreEngineOptions options, TimeProvider timeProvider, ILogger? logger)
        : base(backend, options, timeProvider, logger)
    {
    }

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

        KeyStoreEngineOptions engine = options;
        engine.Validate();
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

        var storage = new PostgresKeyStorage(builder.ConnectionString, options.Schema);
        try
        {
            return new PostgresKeyStore(storage, engine, timeProvider, logger);
        }
        catch
        {
            storage.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }
}
