using Npgsql;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Storage.Postgres;

public sealed partial class PostgresKeyStore : IRecoverableStore
{
    /// <inheritdoc />
    StorePools IRecoverableStore.Pools => _pools;

    /// <summary>Rebuilds the in-memory state from the database (see <see cref="StoreRecovery.LoadState"/>).</summary>
    private void LoadState() => StoreRecovery.LoadState(this);

    /// <inheritdoc />
    void IRecoverableStore.ReadBlocks(Action<long, string, string, int> each)
    {
        using NpgsqlDataReader reader = Command("SELECT id, link, block, length FROM blocks ORDER BY id;").ExecuteReader();
        while (reader.Read())
        {
            each(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3));
        }
    }

    /// <inheritdoc />
    void IRecoverableStore.ReadChunkMaps(Action<long, int, byte[]> each)
    {
        using NpgsqlDataReader reader = Command("SELECT block_id, idx, consumed FROM chunks;").ExecuteReader();
        while (reader.Read())
        {
            each(reader.GetInt64(0), reader.GetInt32(1), reader.GetFieldValue<byte[]>(2));
        }
    }

    private byte[]? ReadMeta(string name) =>
        Command("SELECT value FROM meta WHERE name = @name;").With("name", name).ExecuteScalar() as byte[];

    private void WriteMeta(string name, byte[] value) =>
        Defer("INSERT INTO meta(name, value) VALUES (@name, @value) ON CONFLICT(name) DO UPDATE SET value = excluded.value;")
            .With("name", name).With("value", value);
}
