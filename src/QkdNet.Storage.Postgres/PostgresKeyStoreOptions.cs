using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Storage.Postgres;

/// <summary>Settings of a <see cref="PostgresKeyStore"/>. Immutable once the store is opened.</summary>
public sealed class PostgresKeyStoreOptions : KeyStoreEngineOptions
{
    /// <summary>Longest schema name PostgreSQL keeps (NAMEDATALEN - 1), in characters.</summary>
    public const int MaxSchemaLength = 63;

    /// <summary>
    /// Npgsql connection string (host, database, user; the password may come from <c>PGPASSWORD</c> or a
    /// <c>.pgpass</c> file instead). Pooling is switched off for the store's own connection: its session
    /// holds the node's advisory lock.
    /// </summary>
    public required string ConnectionString { get; init; }

    /// <summary>
    /// The schema holding this node's tables (created when missing): one schema per node, so several nodes
    /// may share a database. 1 to 63 characters from <c>a-z 0-9 _</c>, starting with a letter or <c>_</c>.
    /// </summary>
    public required string Schema { get; init; }

    /// <summary>Whether <paramref name="schema"/> is a schema name this store accepts (it is quoted nowhere, so the rule is strict).</summary>
    public static bool IsValidSchema(string? schema) =>
        !string.IsNullOrEmpty(schema) && schema.Length <= MaxSchemaLength
        && (char.IsAsciiLetterLower(schema[0]) || schema[0] == '_')
        && schema.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
}
