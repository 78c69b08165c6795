using Microsoft.Data.Sqlite;

namespace QkdNet.KeyManagement.Storage;

public sealed partial class SqliteKeyStore : IRecoverableStore
{
    /// <inheritdoc />
    StorePools IRecoverableStore.Pools => _pools;

    /// <summary>Rebuilds the in-memory state from the file (see <see cref="StoreRecovery.LoadState"/>).</summary>
    private void LoadState() => StoreRecovery.LoadState(this);

    /// <inheritdoc />
    void IRecoverableStore.ReadBlocks(Action<long, string, string, int> each)
    {
        using SqliteDataReader reader = Command("SELECT id, link, block, length FROM blocks ORDER BY id;").ExecuteReader();
        while (reader.Read())
        {
            each(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3));
        }
    }

    /// <inheritdoc />
    void IRecoverableStore.ReadChunkMaps(Action<long, int, byte[]> each)
    {
        using SqliteDataReader reader = Command("SELECT id >> 20, id & 1048575, consumed FROM chunks;").ExecuteReader();
        while (reader.Read())
        {
            each(reader.GetInt64(0), reader.GetInt32(1), (byte[])reader[2]);
        }
    }

    private SqliteDataReader ReadMeta(string name)
    {
        SqliteCommand command = Command("SELECT value FROM meta WHERE name = $name;");
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteReader();
    }

    private void WriteMeta(string name, byte[] value)
    {
        SqliteCommand command = Command("INSERT INTO meta(name, value) VALUES ($name, $value) ON CONFLICT(name) DO UPDATE SET value = excluded.value;");
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }
}
