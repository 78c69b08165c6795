using System.Globalization;
using Microsoft.Data.Sqlite;

namespace QkdNet.KeyManagement.Storage;

internal sealed partial class SqliteKeyStorage
{
    /// <summary>The schema this code writes; kept in <c>PRAGMA user_version</c>.</summary>
    internal const int SchemaVersion = 1;

    private const string CreateSchemaV1 = """
        CREATE TABLE meta(name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
        -- one row per block ever ingested, kept after it is used up so a replayed block ID is refused
        CREATE TABLE blocks(id INTEGER PRIMARY KEY, link TEXT NOT NULL, block TEXT NOT NULL, length INTEGER NOT NULL,
                            ingested_at INTEGER NOT NULL, UNIQUE(link, block));
        -- the unconsumed material: 1 KiB chunks, sealed; consumed = one bit per byte; a used-up chunk is deleted.
        -- id = block id << 20 | chunk index. A rowid table keeps a 1.2 KiB row on its leaf page, where a
        -- WITHOUT ROWID table would spill it to overflow pages and rewrite those on every update.
        CREATE TABLE chunks(id INTEGER PRIMARY KEY, consumed BLOB NOT NULL, sealed BLOB NOT NULL);
        -- reserved keys; sealed is null on the master side of a remote reservation (the peer serves the slaves)
        CREATE TABLE keys(key_id BLOB PRIMARY KEY, link TEXT NOT NULL, master TEXT NOT NULL, slaves TEXT NOT NULL,
                          pending TEXT NOT NULL, expires_at INTEGER NOT NULL, sealed BLOB) WITHOUT ROWID;
        CREATE INDEX keys_by_expiry ON keys(expires_at);
        CREATE TABLE audit(seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL,
                           detail TEXT NOT NULL, prev_hash BLOB NOT NULL, hash BLOB NOT NULL);
        -- append-only against mistakes in code; the hash chain and the signed head catch deliberate edits
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
        """;

    private void ApplyPragmas()
    {
        // WAL lets the one writer commit with a single sequential append and fsync of the log.
        // synchronous=FULL fsyncs the WAL at every commit. NORMAL would fsync only at checkpoints: a commit
        // acknowledged just before a power loss could vanish, so a key we answered as delivered would be
        // pending again after restart and could be served a second time. The issue forbids that; FULL's cost
        // is paid once per batch thanks to group commit.
        ExecuteScalar("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=FULL;");
        Execute(string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout={_busyTimeoutMilliseconds};"));
        // overwrite deleted content (used-up chunks, fetched keys) instead of leaving it in free pages
        Execute("PRAGMA secure_delete=ON;");
        Execute("PRAGMA foreign_keys=OFF;");
    }

    private void MigrateSchema()
    {
        long version = (long)ExecuteScalar("PRAGMA user_version;")!;
        if (version > SchemaVersion)
        {
            throw new InvalidOperationException($"The key store file has schema version {version}; this build knows up to {SchemaVersion}.");
        }

        if (version == 0)
        {
            Execute("BEGIN IMMEDIATE;");
            Execute(CreateSchemaV1);
            Execute(string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version={SchemaVersion};"));
            Execute("COMMIT;");
        }
    }

    private SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out SqliteCommand? command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }

        command.Parameters.Clear();
        return command;
    }

    private void Execute(string sql) => Command(sql).ExecuteNonQuery();

    private object? ExecuteScalar(string sql) => Command(sql).ExecuteScalar();
}
