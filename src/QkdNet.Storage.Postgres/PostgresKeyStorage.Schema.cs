using Npgsql;
using NpgsqlTypes;

namespace QkdNet.Storage.Postgres;

internal sealed partial class PostgresKeyStorage
{
    /// <summary>The schema this code writes; kept in the <c>schema_version</c> table.</summary>
    internal const int SchemaVersion = 1;

    /// <summary>First key of the two-key advisory lock, so QkdNet's locks do not collide with an application's ("QkN").</summary>
    private const int AdvisoryLockClass = 0x516B4E;

    // Runs with search_path set to the node's schema. The layout follows SqliteKeyStorage's (see its Schema part).
    private const string CreateSchemaV1 = """
        CREATE TABLE schema_version(version integer NOT NULL);
        CREATE TABLE meta(name text PRIMARY KEY, value bytea NOT NULL);
        -- one row per block ever ingested, kept after it is used up so a replayed block ID is refused
        CREATE TABLE blocks(id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, link text NOT NULL, block text NOT NULL,
                            length integer NOT NULL, ingested_at bigint NOT NULL, UNIQUE(link, block));
        -- the unconsumed material: 1 KiB chunks, sealed; consumed = one bit per byte; a used-up chunk is deleted
        CREATE TABLE chunks(block_id bigint NOT NULL REFERENCES blocks(id), idx integer NOT NULL, consumed bytea NOT NULL,
                            sealed bytea NOT NULL, PRIMARY KEY(block_id, idx));
        -- reserved keys; sealed is null on the master side of a remote reservation (the peer serves the slaves)
        CREATE TABLE keys(key_id uuid PRIMARY KEY, link text NOT NULL, master text NOT NULL, slaves text NOT NULL,
                          pending text NOT NULL, expires_at bigint NOT NULL, sealed bytea);
        CREATE INDEX keys_by_expiry ON keys(expires_at);
        CREATE TABLE audit(seq bigint PRIMARY KEY, at bigint NOT NULL, kind text NOT NULL, subject text NOT NULL,
                           detail text NOT NULL, prev_hash bytea NOT NULL, hash bytea NOT NULL);
        -- append-only against mistakes in code; the hash chain and the signed head catch deliberate edits
        CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$;
        CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only();
        CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
        INSERT INTO schema_version(version) VALUES (1);
        """;

    /// <summary>Opens the writer's connection: session settings, the node lock, the schema.</summary>
    private NpgsqlConnection Connect()
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            connection.Open();
            _connection = connection;
            _transaction = null;

            // a server (or role) default of synchronous_commit=off would let an acknowledged COMMIT vanish in a
            // crash, so a key answered as delivered could be served again; local, on, remote_* all wait for the flush
            if (string.Equals((string?)Command("SHOW synchronous_commit;").ExecuteScalar(), "off", StringComparison.Ordinal))
            {
                Command("SET synchronous_commit = on;").ExecuteNonQuery();
            }

            if (Command("SELECT pg_try_advisory_lock(@class, hashtext(@schema));").With("class", AdvisoryLockClass).With("schema", _schema).ExecuteScalar() is not true)
            {
                throw new InvalidOperationException($"Another process holds the key store in schema {_schema}; one node store is opened by one process at a time.");
            }

            MigrateSchema();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void MigrateSchema()
    {
        // the schema name passed IsValidSchema (lower-case letters, digits, _), so it needs no quoting
        bool exists = Command("SELECT to_regclass('schema_version') IS NOT NULL;").ExecuteScalar() is true;
        if (!exists)
        {
            using NpgsqlTransaction transaction = _connection.BeginTransaction();
            _transaction = transaction;
            // an operator may create the schema for a role without CREATE on the database; then only the tables are made here
            if (Command("SELECT 1 FROM pg_namespace WHERE nspname = @schema;").With("schema", _schema).ExecuteScalar() is null)
            {
                Command($"CREATE SCHEMA {_schema};").ExecuteNonQuery();
            }

            Command(CreateSchemaV1).ExecuteNonQuery();
            transaction.Commit();
            _transaction = null;
            return;
        }

        int version = (int)Command("SELECT max(version) FROM schema_version;").ExecuteScalar()!;
        if (version > SchemaVersion)
        {
            throw new InvalidOperationException($"The key store schema {_schema} has version {version}; this build knows up to {SchemaVersion}.");
        }
    }

    /// <summary>
    /// A command on the writer's connection, inside the open transaction when there is one. Sends the deferred
    /// writes first, so what it reads includes them.
    /// </summary>
    private NpgsqlCommand Command(string sql)
    {
        FlushDeferred();
        return new(sql, _connection, _transaction);
    }

    /// <summary>
    /// A write whose answer nobody needs: queued, and sent with the other queued writes in one round trip before
    /// the next read or the COMMIT. On this 2-core machine under load a round trip costs milliseconds of
    /// scheduling, so this is what sets the store's throughput (docs/PERFORMANCE.md, PostgreSQL row).
    /// </summary>
    private NpgsqlBatchCommand Defer(string sql)
    {
        var command = new NpgsqlBatchCommand(sql);
        _deferred.Add(command);
        return command;
    }

    private void FlushDeferred()
    {
        if (_deferred.Count == 0)
        {
            return;
        }

        using var batch = new NpgsqlBatch(_connection, _transaction);
        foreach (NpgsqlBatchCommand command in _deferred)
        {
            batch.BatchCommands.Add(command);
        }

        _deferred.Clear();
        batch.ExecuteNonQuery();
    }

    private static NpgsqlParameter NullableBytes(string name, byte[]? value) =>
        new(name, NpgsqlDbType.Bytea) { Value = value is null ? DBNull.Value : value };
}
