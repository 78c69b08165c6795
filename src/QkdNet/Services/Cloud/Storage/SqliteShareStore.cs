using Microsoft.Data.Sqlite;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Services.Cloud.Storage;

/// <summary>
/// <see cref="IShareStore"/> in one SQLite file (the default of a data server): a rollback journal with
/// <c>synchronous=FULL</c>, so a put answered is on the disk and one cut short by a crash is rolled back on the next open; <c>secure_delete</c>, so a deleted or refreshed share's old bytes are overwritten; the
/// audit table append-only by trigger. A share's bytes are rows of <c>share_chunks</c> (<see cref="SqlShareStore.ChunkBytes"/>).
/// </summary>
public sealed class SqliteShareStore : SqlShareStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS shares(id TEXT PRIMARY KEY, owner TEXT NOT NULL, version INTEGER NOT NULL, length INTEGER NOT NULL,
                                          updated_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS share_chunks(id TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY(id, seq));
        CREATE INDEX IF NOT EXISTS shares_by_owner ON shares(owner);
        CREATE TABLE IF NOT EXISTS audit(seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, caller TEXT NOT NULL, role TEXT NOT NULL, action TEXT NOT NULL,
                                         target TEXT NOT NULL, allowed INTEGER NOT NULL, outcome TEXT NOT NULL, prev_hash BLOB NOT NULL, hash BLOB NOT NULL);
        CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
        """;

    private SqliteShareStore(SqliteConnection connection, TimeProvider time, long maxShareBytes)
        : base(connection, time, maxShareBytes)
    {
    }

    /// <summary>Opens (creating when missing) the store in <paramref name="path"/>; its folder is created owner-only.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="time">The clock of audit records.</param>
    /// <param name="maxShareBytes">The largest share accepted, in bytes (SQLite's own limit on a value is 1 GB).</param>
    /// <param name="maxDatabaseBytes">
    /// A quota: the most bytes the database file may grow to (SQLite's <c>max_page_count</c>), or null for as much as the
    /// device holds. Past it a write fails exactly as on a full disk: <see cref="ShareStoreError.Full"/>, nothing stored.
    /// </param>
    public static async Task<SqliteShareStore> OpenAsync(string path, TimeProvider time, long maxShareBytes = 512L << 20, long? maxDatabaseBytes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null && !Directory.Exists(folder))
        {
            StoreFiles.CreateFolder(folder);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadWriteCreate }.ConnectionString);
        try
        {
            await connection.OpenAsync().ConfigureAwait(false);
            // 64 KiB pages (taking effect in a new file only): a 1 MiB chunk row is 16 overflow pages instead of 256, which cut
            // the share server's system calls per stored megabyte by as much (issue 12 profile).
            // A rollback journal, not WAL: a share's new pages are appended to the file, which a rollback journal does not copy
            // (only pages that existed before the transaction go to the journal), so each stored byte is written once; WAL
            // wrote it to the log and again at the checkpoint (500 MB read back and rewritten per 100 MB put, 3-of-5:
            // 0.5 against 0.2 CPU s in the store alone). The store has one connection behind one gate, so WAL's concurrent
            // readers bought nothing; TRUNCATE empties the journal at each commit, so no share's old bytes stay in it
            foreach (string pragma in (string[])["PRAGMA page_size=65536;", "PRAGMA journal_mode=TRUNCATE;", "PRAGMA synchronous=FULL;", "PRAGMA busy_timeout=5000;", "PRAGMA secure_delete=ON;", Schema])
            {
                await using SqliteCommand command = connection.CreateCommand();
                command.CommandText = pragma;
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }

            await using (SqliteCommand layout = connection.CreateCommand())
            {
                layout.CommandText = "SELECT count(*) FROM pragma_table_info('shares') WHERE name = 'data';";
                if (Convert.ToInt64(await layout.ExecuteScalarAsync().ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) != 0)
                {
                    throw new InvalidOperationException($"{path} holds shares whole (the layout before share_chunks); move it aside or export its shares first.");
                }
            }

            if (maxDatabaseBytes is { } quota)
            {
                await using SqliteCommand pageSize = connection.CreateCommand();
                pageSize.CommandText = "PRAGMA page_size;";
                long pages = Math.Max(1, quota / Convert.ToInt64(await pageSize.ExecuteScalarAsync().ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture));
                await using SqliteCommand limit = connection.CreateCommand();
                limit.CommandText = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"PRAGMA max_page_count = {pages};");
                await limit.ExecuteNonQueryAsync().ConfigureAwait(false);
            }

            var store = new SqliteShareStore(connection, time, Math.Min(maxShareBytes, 1_000_000_000));
            await store.LoadHeadAsync().ConfigureAwait(false);
            return store;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    protected override ShareStoreError? Classify(Exception exception) => exception switch
    {
        // SQLITE_FULL (13): the disk or the file's size limit (max_page_count); SQLITE_TOOBIG (18): a value past SQLite's limit
        SqliteException { SqliteErrorCode: 13 } => ShareStoreError.Full,
        SqliteException { SqliteErrorCode: 18 } => ShareStoreError.TooLarge,
        SqliteException or IOException => ShareStoreError.StorageFailure,
        _ => null,
    };
}
