using Npgsql;
using QkdNet.Services.Cloud.Storage;

namespace QkdNet.Storage.Postgres;

/// <summary>
/// <see cref="IShareStore"/> in a PostgreSQL schema, for a data server that outgrows one disk: the same statements and
/// audit chain as <see cref="SqliteShareStore"/> (<see cref="SqlShareStore"/>), committed with <c>synchronous_commit</c>
/// on; the audit table refuses updates and deletes by trigger.
/// </summary>
public sealed class PostgresShareStore : SqlShareStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS shares(id TEXT PRIMARY KEY, owner TEXT NOT NULL, version BIGINT NOT NULL, length BIGINT NOT NULL,
                                          updated_at BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS share_chunks(id TEXT NOT NULL, seq BIGINT NOT NULL, data BYTEA NOT NULL, PRIMARY KEY(id, seq));
        CREATE INDEX IF NOT EXISTS shares_by_owner ON shares(owner);
        CREATE TABLE IF NOT EXISTS audit(seq BIGINT PRIMARY KEY, at BIGINT NOT NULL, caller TEXT NOT NULL, role TEXT NOT NULL, action TEXT NOT NULL,
                                         target TEXT NOT NULL, allowed BIGINT NOT NULL, outcome TEXT NOT NULL, prev_hash BYTEA NOT NULL, hash BYTEA NOT NULL);
        CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$;
        DROP TRIGGER IF EXISTS audit_no_change ON audit;
        CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only();
        """;

    private PostgresShareStore(NpgsqlConnection connection, TimeProvider time, long maxShareBytes)
        : base(connection, time, maxShareBytes)
    {
    }

    /// <summary>Opens the store in <paramref name="schema"/> (created when missing) of the database <paramref name="connectionString"/> names.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="schema">The schema of this data server (letters, digits and underscores).</param>
    /// <param name="time">The clock of audit records.</param>
    /// <param name="maxShareBytes">The largest share accepted, in bytes (PostgreSQL's own limit on a value is 1 GB).</param>
    public static async Task<PostgresShareStore> OpenAsync(string connectionString, string schema, TimeProvider time, long maxShareBytes = 512L << 20)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        if (string.IsNullOrEmpty(schema) || !schema.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException("A schema name is letters, digits and underscores.", nameof(schema));
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema, Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using (var command = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {schema}; SET synchronous_commit = on; " + Schema, connection))
            {
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }

            await using (var layout = new NpgsqlCommand(
                "SELECT count(*) FROM information_schema.columns WHERE table_schema = @schema AND table_name = 'shares' AND column_name = 'data';", connection))
            {
                layout.Parameters.AddWithValue("schema", schema);
                if ((long)(await layout.ExecuteScalarAsync().ConfigureAwait(false))! != 0)
                {
                    throw new InvalidOperationException($"schema {schema} holds shares whole (the layout before share_chunks); move it aside or export its shares first.");
                }
            }

            var store = new PostgresShareStore(connection, time, Math.Min(maxShareBytes, 1_000_000_000));
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
        // 53100 disk_full; 54000 program_limit_exceeded (a value past 1 GB)
        PostgresException { SqlState: "53100" } => ShareStoreError.Full,
        PostgresException { SqlState: "54000" } => ShareStoreError.TooLarge,
        NpgsqlException or IOException or TimeoutException => ShareStoreError.StorageFailure,
        _ => null,
    };
}
