using Npgsql;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Storage.Postgres;

/// <summary>
/// The PostgreSQL statements of <see cref="PostgresKeyStore"/>: one connection whose session holds an advisory lock on
/// the node's schema, writes deferred and sent in one round trip before the next read or the COMMIT, and COMMIT with
/// <c>synchronous_commit</c> on (durable when it returns). Used by the engine's writer thread only (see
/// <see cref="IKeyStorageBackend"/>).
/// </summary>
internal sealed partial class PostgresKeyStorage : IKeyStorageBackend
{
    private readonly string _connectionString;
    private readonly string _schema;
    private readonly List<NpgsqlBatchCommand> _deferred = [];
    private NpgsqlConnection _connection;
    private NpgsqlTransaction? _transaction;

    /// <summary>Connects, takes the schema's advisory lock and creates or checks the schema.</summary>
    /// <param name="connectionString">The store's own connection string (no pooling, search path set to the schema).</param>
    /// <param name="schema">The node's schema.</param>
    public PostgresKeyStorage(string connectionString, string schema)
    {
        _connectionString = connectionString;
        _schema = schema;
        _connection = Connect();
    }

    /// <inheritdoc />
    public string Name => "PostgreSQL key store " + _schema;

    /// <inheritdoc />
    public string Medium => "database";

    /// <inheritdoc />
    public void BeginBatch() => _transaction = _connection.BeginTransaction();

    /// <inheritdoc />
    public void CommitBatch()
    {
        FlushDeferred();
        _transaction!.Commit();
        EndTransaction();
    }

    /// <inheritdoc />
    public void RollBackBatch()
    {
        _deferred.Clear();
        try
        {
            if (_transaction is not null && _connection.FullState == System.Data.ConnectionState.Open)
            {
                _transaction.Rollback();
            }
        }
        finally
        {
            EndTransaction();
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Opens a new connection and takes the lock again. A COMMIT whose answer was lost may have happened: the engine's
    /// reload then shows that material as consumed (wasted, never handed out twice).
    /// </remarks>
    public bool TryReopen()
    {
        NpgsqlConnection old = _connection;
        try
        {
            old.Dispose();
            Connect();
            return true;
        }
#pragma warning disable CA1031 // still unreachable (or another process took the store): the engine fails this batch and tries again at the next
        catch (Exception)
#pragma warning restore CA1031
        {
            _connection = old;
            return false;
        }
    }

    /// <inheritdoc />
    public byte[]? ReadMeta(string name) =>
        Command("SELECT value FROM meta WHERE name = @name;").With("name", name).ExecuteScalar() as byte[];

    /// <inheritdoc />
    public void WriteMeta(string name, byte[] value) =>
        Defer("INSERT INTO meta(name, value) VALUES (@name, @value) ON CONFLICT(name) DO UPDATE SET value = excluded.value;")
            .With("name", name).With("value", value);

    /// <inheritdoc />
    public long InsertBlock(LinkId link, BlockId block, int lengthBytes, long ingestedAt) =>
        (long)Command("INSERT INTO blocks(link, block, length, ingested_at) VALUES (@link, @block, @length, @at) RETURNING id;")
            .With("link", link.Value).With("block", block.Value).With("length", lengthBytes).With("at", ingestedAt)
            .ExecuteScalar()!;

    /// <inheritdoc />
    public IEnumerable<StoredBlock> ReadBlocks()
    {
        using NpgsqlDataReader reader = Command("SELECT id, link, block, length FROM blocks ORDER BY id;").ExecuteReader();
        while (reader.Read())
        {
            yield return new StoredBlock(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3));
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _connection.DisposeAsync().ConfigureAwait(false);

    private void EndTransaction()
    {
        _transaction?.Dispose();
        _transaction = null;
    }
}
