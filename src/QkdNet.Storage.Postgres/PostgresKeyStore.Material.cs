using Npgsql;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Encryption;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Storage.Postgres;

public sealed partial class PostgresKeyStore : IChunkStore
{
    /// <inheritdoc />
    Dictionary<(long BlockRow, int Index), BatchChunk> IChunkStore.BatchChunks => _batchChunks;

    /// <inheritdoc />
    AssociatedData IChunkStore.AssociatedData => _associatedData;

    /// <inheritdoc />
    string IChunkStore.Medium => "database";

    /// <inheritdoc />
    /// <remarks>One round trip per 64 chunks.</remarks>
    void IChunkStore.InsertChunks(RowCipher cipher, LinkId link, KeyBlock block, ReadOnlySpan<byte> material)
    {
        const int PerStatement = 64;
        int count = ChunkLayout.Count(block.LengthBytes);
        for (int first = 0; first < count; first += PerStatement)
        {
            int n = Math.Min(PerStatement, count - first);
            var indexes = new int[n];
            var maps = new byte[n][];
            var sealedChunks = new byte[n][];
            for (int i = 0; i < n; i++)
            {
                indexes[i] = first + i;
                (maps[i], sealedChunks[i]) = StoreMaterial.SealNewChunk(this, cipher, link, block, first + i, material);
            }

            Defer("INSERT INTO chunks(block_id, idx, consumed, sealed) SELECT @block, * FROM unnest(@idx, @consumed, @sealed);")
                .With("block", block.RowId).With("idx", indexes).With("consumed", maps).With("sealed", sealedChunks);
        }
    }

    /// <inheritdoc />
    (byte[] Map, byte[] Sealed)? IChunkStore.ReadChunk(KeyBlock block, int index)
    {
        using NpgsqlDataReader reader = Command("SELECT consumed, sealed FROM chunks WHERE block_id = @block AND idx = @idx;")
            .With("block", block.RowId).With("idx", index).ExecuteReader();
        return reader.Read() ? (reader.GetFieldValue<byte[]>(0), reader.GetFieldValue<byte[]>(1)) : null;
    }

    /// <inheritdoc />
    void IChunkStore.UpdateChunk(KeyBlock block, int index, byte[] map, byte[] sealedChunk) =>
        Defer("UPDATE chunks SET consumed = @consumed, sealed = @sealed WHERE block_id = @block AND idx = @idx;")
            .With("consumed", map).With("sealed", sealedChunk).With("block", block.RowId).With("idx", index);

    /// <inheritdoc />
    void IChunkStore.DeleteChunk(KeyBlock block, int index) =>
        Defer("DELETE FROM chunks WHERE block_id = @block AND idx = @idx;").With("block", block.RowId).With("idx", index);
}
