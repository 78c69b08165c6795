using Npgsql;

namespace QkdNet.Tests.KeyManagement.Storage.Postgres;

/// <summary>The PostgreSQL server the tests may use: <see cref="Variable"/> holds its connection string.</summary>
public static class PostgresTestServer
{
    public const string Variable = "QKDNET_TEST_POSTGRES";

    public const string SkipReason = "PostgreSQL tests need a server: set QKDNET_TEST_POSTGRES to an Npgsql connection string (.ci/run does).";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : throw new InvalidOperationException(SkipReason);

    /// <summary>A schema name no other test uses.</summary>
    public static string NewSchema(string prefix) => $"{prefix}_{Guid.NewGuid():N}";

    /// <summary>Runs <paramref name="sql"/> on a connection of its own with <paramref name="schema"/> first on the search path.</summary>
    public static async Task ExecuteAsync(string schema, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every row of <paramref name="table"/> as its text form (bytea as hex), for checks on what is stored.</summary>
    public static async Task<List<string>> ReadRowsAsync(string schema, string table)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT t::text FROM {table} t;", connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    public static Task DropSchemaAsync(string schema) => ExecuteAsync("public", $"DROP SCHEMA IF EXISTS {schema} CASCADE;");
}
