using Npgsql;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Storage.Postgres;

internal sealed partial class PostgresKeyStorage
{
    /// <inheritdoc />
    /// <remarks>One statement per call (the engine sends 64 chunks at a time).</remarks>
    public void InsertChunks(IReadOnlyList<StoredChunk> chunks)
    {
        if (chunks.Count == 0)
        {
            return;
        }

        Defer("INSERT INTO chunks(block_id, idx, consumed, sealed) SELECT @block, * FROM unnest(@idx, @consumed, @sealed);")
            .With("block", chunks[0].BlockRowId).With("idx", chunks.Select(c => c.Index).ToArray())
            .With("consumed", chunks.Select(c => c.Consumed).ToArray()).With("sealed", chunks.Select(c => c.Sealed!).ToArray());
    }

    /// <inheritdoc />
    public StoredChunk? ReadChunk(long blockRowId, int index)
    {
        using NpgsqlDataReader reader = Command("SELECT consumed, sealed FROM chunks WHERE block_id = @block AND idx = @idx;")
            .With("block", blockRowId).With("idx", index).ExecuteReader();
        return reader.Read() ? new StoredChunk(blockRowId, index, reader.GetFieldValue<byte[]>(0), reader.GetFieldValue<byte[]>(1)) : null;
    }

    /// <inheritdoc />
    public void UpdateChunk(StoredChunk chunk) =>
        Defer("UPDATE chunks SET consumed = @consumed, sealed = @sealed WHERE block_id = @block AND idx = @idx;")
            .With("consumed", chunk.Consumed).With("sealed", chunk.Sealed!).With("block", chunk.BlockRowId).With("idx", chunk.Index);

    /// <inheritdoc />
    public void DeleteChunk(long blockRowId, int index) =>
        Defer("DELETE FROM chunks WHERE block_id = @block AND idx = @idx;").With("block", blockRowId).With("idx", index);

    /// <inheritdoc />
    public IEnumerable<StoredChunk> ReadChunkMaps()
    {
        using NpgsqlDataReader reader = Command("SELECT block_id, idx, consumed FROM chunks;").ExecuteReader();
        while (reader.Read())
        {
            yield return new StoredChunk(reader.GetInt64(0), reader.GetInt32(1), reader.GetFieldValue<byte[]>(2), null);
        }
    }
}
