using Microsoft.Data.Sqlite;

namespace QkdNet.KeyManagement.Storage;

/// <summary>
/// The SQLite statements of <see cref="SqliteKeyStore"/>: one file per node, written in WAL mode with
/// <c>synchronous=FULL</c> (a commit is durable when it returns) and <c>secure_delete</c>. Used by the engine's writer
/// thread only (see <see cref="IKeyStorageBackend"/>).
/// </summary>
internal sealed partial class SqliteKeyStorage : IKeyStorageBackend
{
    private readonly string _path;
    private readonly int _busyTimeoutMilliseconds;
    private readonly StoreFileLock _lock;
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    private SqliteKeyStorage(string path, int busyTimeoutMilliseconds, StoreFileLock claim, SqliteConnection connection)
    {
        _path = path;
        _busyTimeoutMilliseconds = busyTimeoutMilliseconds;
        _lock = claim;
        _connection = connection;
        ApplyPragmas();
        MigrateSchema();
        StartCheckpointer(connection.ConnectionString);
    }

    /// <inheritdoc />
    public string Name => "SQLite key store " + _path;

    /// <inheritdoc />
    public string Medium => "file";

    /// <summary>
    /// Opens (creating when missing) the store file at <paramref name="path"/> under its lock file, with its pragmas and
    /// schema. See <see cref="SqliteKeyStore.Open"/> for what it creates and throws.
    /// </summary>
    public static SqliteKeyStorage Open(string path, int busyTimeoutMilliseconds)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false, // the file handle must close with the store (reopen, delete, hand over)
            DefaultTimeout = Math.Max(1, busyTimeoutMilliseconds / 1000),
        };
        string fullPath = Path.GetFullPath(path);
        StoreFiles.CreateFolder(Path.GetDirectoryName(fullPath)!);
        StoreFileLock claim = StoreFileLock.Acquire(fullPath);
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            StoreFiles.CreateEmptyIfMissing(fullPath);
            connection.Open();
            return new SqliteKeyStorage(path, busyTimeoutMilliseconds, claim, connection);
        }
        catch
        {
            connection.Dispose();
            claim.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void BeginBatch() => Execute("BEGIN IMMEDIATE;");

    /// <inheritdoc />
    public void CommitBatch() => Execute("COMMIT;");

    /// <inheritdoc />
    public void RollBackBatch()
    {
        if (SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0)
        {
            Execute("ROLLBACK;");
        }
    }

    /// <inheritdoc />
    /// <remarks>A file that failed to roll back is not reopened under the running node: the operator restarts it.</remarks>
    public bool TryReopen() => false;

    /// <inheritdoc />
    public byte[]? ReadMeta(string name)
    {
        SqliteCommand command = Command("SELECT value FROM meta WHERE name = $name;");
        command.Parameters.AddWithValue("$name", name);
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read() ? (byte[])reader[0] : null;
    }

    /// <inheritdoc />
    public void WriteMeta(string name, byte[] value)
    {
        SqliteCommand command = Command("INSERT INTO meta(name, value) VALUES ($name, $value) ON CONFLICT(name) DO UPDATE SET value = excluded.value;");
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public long InsertBlock(LinkId link, BlockId block, int lengthBytes, long ingestedAt)
    {
        SqliteCommand command = Command("INSERT INTO blocks(link, block, length, ingested_at) VALUES ($link, $block, $length, $at) RETURNING id;");
        command.Parameters.AddWithValue("$link", link.Value);
        command.Parameters.AddWithValue("$block", block.Value);
        command.Parameters.AddWithValue("$length", lengthBytes);
        command.Parameters.AddWithValue("$at", ingestedAt);
        return (long)command.ExecuteScalar()!;
    }

    /// <inheritdoc />
    public IEnumerable<StoredBlock> ReadBlocks()
    {
        using SqliteDataReader reader = Command("SELECT id, link, block, length FROM blocks ORDER BY id;").ExecuteReader();
        while (reader.Read())
        {
            yield return new StoredBlock(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3));
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        StopCheckpointer();
        foreach (SqliteCommand command in _commands.Values)
        {
            command.Dispose();
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
        _lock.Dispose();
    }
}
