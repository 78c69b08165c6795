using Npgsql;
using QkdNet.Services.Cloud.Password;

namespace QkdNet.Storage.Postgres;

/// <summary>
/// A share server's TOPPSS records in its PostgreSQL schema, beside its shares (<see cref="PostgresShareStore"/>), with
/// <c>synchronous_commit</c> on: the statements of <see cref="SqlOprfRecordStore"/>. A server configured for PostgreSQL
/// keeps no SQLite file beside it.
/// </summary>
public sealed class PostgresOprfRecordStore : SqlOprfRecordStore
{
    private PostgresOprfRecordStore(NpgsqlConnection connection)
        : base(connection)
    {
    }

    /// <summary>Opens the store in <paramref name="schema"/> (created when missing) of the database <paramref name="connectionString"/> names.</summary>
    public static PostgresOprfRecordStore Open(string connectionString, string schema)
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
            connection.Open();
            Execute(connection, $"CREATE SCHEMA IF NOT EXISTS {schema}; SET synchronous_commit = on; "
                + "CREATE TABLE IF NOT EXISTS oprf_records (user_id TEXT PRIMARY KEY NOT NULL, epoch BIGINT NOT NULL, record BYTEA NOT NULL);");
            return new PostgresOprfRecordStore(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
