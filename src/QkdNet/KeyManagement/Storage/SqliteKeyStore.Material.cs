using Microsoft.Data.Sqlite;
using QkdNet.KeyManagement.Encryption;
using QkdNet.KeyManagement.Pools;

namespace QkdNet.KeyManagement.Storage;

public sealed partial class SqliteKeyStore : IChunkStore
{
    /// <inheritdoc />
    Dictionary<(long BlockRow, int Index), BatchChunk> IChunkStore.BatchChunks => _batchChunks;

    /// <inheritdoc />
    AssociatedData IChunkStore.AssociatedData => _associatedData;

    /// <inheritdoc />
    string IChunkStore.Medium => "file";

    /// <inheritdoc />
    void IChunkStore.InsertChunks(RowCipher cipher, LinkId link, KeyBlock block, ReadOnlySpan<byte> material)
    {
        for (int index = 0; index < ChunkLayout.Count(block.LengthBytes); index++)
        {
            (byte[] map, byte[] sealedChunk) = StoreMaterial.SealNewChunk(this, cipher, link, block, index, material);
            SqliteCommand command = Command("INSERT INTO chunks(id, consumed, sealed) VALUES ($id, $consumed, $sealed);");
            command.Parameters.AddWithValue("$id", ChunkRowId(block, index));
            command.Parameters.AddWithValue("$consumed", map);
            command.Parameters.AddWithValue("$sealed", sealedChunk);
            command.ExecuteNonQuery();
        }
    }

    /// <inheritdoc />
    (byte[] Map, byte[] Sealed)? IChunkStore.ReadChunk(KeyBlock block, int index)
    {
        SqliteCommand command = Command("SELECT consumed, sealed FROM chunks WHERE id = $id;");
        command.Parameters.AddWithValue("$id", ChunkRowId(block, index));
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read() ? ((byte[])reader[0], (byte[])reader[1]) : null;
    }

    /// <inheritdoc />
    void IChunkStore.UpdateChunk(KeyBlock block, int index, byte[] map, byte[] sealedChunk)
    {
        SqliteCommand command = Command("UPDATE chunks SET consumed = $consumed, sealed = $sealed WHERE id = $id;");
        command.Parameters.AddWithValue("$consumed", map);
        command.Parameters.AddWithValue("$sealed", sealedChunk);
        command.Parameters.AddWithValue("$id", ChunkRowId(block, index));
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    void IChunkStore.DeleteChunk(KeyBlock block, int index)
    {
        SqliteCommand command = Command("DELETE FROM chunks WHERE id = $id;");
        command.Parameters.AddWithValue("$id", ChunkRowId(block, index));
        command.ExecuteNonQuery();
    }

    /// <summary>A chunk's rowid: block row in the high bits, chunk index in the low 20 (a block has at most 2^16 chunks).</summary>
    private static long ChunkRowId(KeyBlock block, int index) => (block.RowId << 20) | (uint)index;
}
