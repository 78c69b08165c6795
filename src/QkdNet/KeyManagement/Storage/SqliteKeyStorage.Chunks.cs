using Microsoft.Data.Sqlite;

namespace QkdNet.KeyManagement.Storage;

internal sealed partial class SqliteKeyStorage
{
    /// <inheritdoc />
    public void InsertChunks(IReadOnlyList<StoredChunk> chunks)
    {
        foreach (StoredChunk chunk in chunks)
        {
            SqliteCommand command = Command("INSERT INTO chunks(id, consumed, sealed) VALUES ($id, $consumed, $sealed);");
            command.Parameters.AddWithValue("$id", ChunkRowId(chunk.BlockRowId, chunk.Index));
            command.Parameters.AddWithValue("$consumed", chunk.Consumed);
            command.Parameters.AddWithValue("$sealed", chunk.Sealed);
            command.ExecuteNonQuery();
        }
    }

    /// <inheritdoc />
    public StoredChunk? ReadChunk(long blockRowId, int index)
    {
        SqliteCommand command = Command("SELECT consumed, sealed FROM chunks WHERE id = $id;");
        command.Parameters.AddWithValue("$id", ChunkRowId(blockRowId, index));
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read() ? new StoredChunk(blockRowId, index, (byte[])reader[0], (byte[])reader[1]) : null;
    }

    /// <inheritdoc />
    public void UpdateChunk(StoredChunk chunk)
    {
        SqliteCommand command = Command("UPDATE chunks SET consumed = $consumed, sealed = $sealed WHERE id = $id;");
        command.Parameters.AddWithValue("$consumed", chunk.Consumed);
        command.Parameters.AddWithValue("$sealed", chunk.Sealed);
        command.Parameters.AddWithValue("$id", ChunkRowId(chunk.BlockRowId, chunk.Index));
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public void DeleteChunk(long blockRowId, int index)
    {
        SqliteCommand command = Command("DELETE FROM chunks WHERE id = $id;");
        command.Parameters.AddWithValue("$id", ChunkRowId(blockRowId, index));
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public IEnumerable<StoredChunk> ReadChunkMaps()
    {
        using SqliteDataReader reader = Command("SELECT id >> 20, id & 1048575, consumed FROM chunks;").ExecuteReader();
        while (reader.Read())
        {
            yield return new StoredChunk(reader.GetInt64(0), reader.GetInt32(1), (byte[])reader[2], null);
        }
    }

    /// <summary>A chunk's rowid: block row in the high bits, chunk index in the low 20 (a block has at most 2^16 chunks).</summary>
    private static long ChunkRowId(long blockRowId, int index) => (blockRowId << 20) | (uint)index;
}
