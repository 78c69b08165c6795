using System.Security.Cryptography;
using Npgsql;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Encryption;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Storage.Postgres;

public sealed partial class PostgresKeyStore
{
    /// <summary>
    /// Cuts the material of <paramref name="ranges"/> (already marked consumed in memory) out of the stored
    /// chunks: copies it out and zeroes it in the batch's plaintext copy of each chunk, which is written back
    /// once per batch (<see cref="FlushChunks"/>). Returns one new array per range; the caller owns them.
    /// </summary>
    private byte[][] TakeMaterial(RowCipher cipher, LinkPool pool, IReadOnlyList<(KeyBlock Block, int Offset, int Length)> ranges)
    {
        var outputs = new byte[ranges.Count][];
        try
        {
            for (int r = 0; r < ranges.Count; r++)
            {
                (KeyBlock block, int offset, int length) = ranges[r];
                byte[] output = new byte[length];
                outputs[r] = output;
                int done = 0;
                while (done < length)
                {
                    int position = offset + done;
                    int index = position / ChunkLayout.ChunkBytes;
                    if (!_batchChunks.TryGetValue((block.RowId, index), out BatchChunk? chunk))
                    {
                        chunk = new BatchChunk(pool.Link, block, index, OpenChunk(cipher, pool.Link, block, index));
                        _batchChunks.Add((block.RowId, index), chunk);
                    }

                    int within = position - (index * ChunkLayout.ChunkBytes);
                    int take = Math.Min(length - done, chunk.Plain.Length - within);
                    Span<byte> source = chunk.Plain.AsSpan(within, take);
                    source.CopyTo(output.AsSpan(done));
                    CryptographicOperations.ZeroMemory(source);
                    done += take;
                }
            }

            return outputs;
        }
        catch
        {
            foreach (byte[]? output in outputs)
            {
                CryptographicOperations.ZeroMemory(output);
            }

            throw;
        }
    }

    /// <summary>Writes back every chunk the batch cut from, inside the batch's transaction.</summary>
    private void FlushChunks()
    {
        if (_cipher is not { } cipher)
        {
            return;
        }

        foreach (BatchChunk chunk in _batchChunks.Values)
        {
            StoreChunk(cipher, chunk.Link, chunk.Block, chunk.Index, chunk.Plain);
        }
    }

    /// <summary>Zeroes and forgets the batch's plaintext chunks (after commit or rollback).</summary>
    private void ClearChunks()
    {
        foreach (BatchChunk chunk in _batchChunks.Values)
        {
            CryptographicOperations.ZeroMemory(chunk.Plain);
        }

        _batchChunks.Clear();
    }

    /// <summary>Seals and inserts every chunk of a newly ingested block (one round trip per 64 chunks).</summary>
    private void InsertChunks(RowCipher cipher, LinkId link, KeyBlock block, ReadOnlySpan<byte> material)
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
                int index = first + i;
                (int offset, int length) = ChunkLayout.Range(block, index);
                ReadOnlySpan<byte> map = ChunkLayout.Map(block, index);
                indexes[i] = index;
                maps[i] = map.ToArray();
                sealedChunks[i] = cipher.Seal(material.Slice(offset, length), ChunkAssociatedData(link, block, index, map));
            }

            Defer("INSERT INTO chunks(block_id, idx, consumed, sealed) SELECT @block, * FROM unnest(@idx, @consumed, @sealed);")
                .With("block", block.RowId).With("idx", indexes).With("consumed", maps).With("sealed", sealedChunks);
        }
    }

    private byte[] OpenChunk(RowCipher cipher, LinkId link, KeyBlock block, int index)
    {
        using NpgsqlDataReader reader = Command("SELECT consumed, sealed FROM chunks WHERE block_id = @block AND idx = @idx;")
            .With("block", block.RowId).With("idx", index).ExecuteReader();
        if (!reader.Read())
        {
            throw new InvalidOperationException($"Chunk {index} of block {block.Id} is missing although its material is unconsumed.");
        }

        byte[] storedMap = reader.GetFieldValue<byte[]>(0);
        byte[] blob = reader.GetFieldValue<byte[]>(1);
        byte[] plain = new byte[RowCipher.PlaintextLength(blob.Length)];
        if (!cipher.TryOpen(blob, ChunkAssociatedData(link, block, index, storedMap), plain))
        {
            throw new CryptographicException($"Chunk {index} of block {block.Id} fails authentication: the database was altered.");
        }

        return plain;
    }

    private void StoreChunk(RowCipher cipher, LinkId link, KeyBlock block, int index, byte[] plain)
    {
        if (ChunkLayout.IsUsedUp(block, index))
        {
            Defer("DELETE FROM chunks WHERE block_id = @block AND idx = @idx;").With("block", block.RowId).With("idx", index);
            return;
        }

        ReadOnlySpan<byte> map = ChunkLayout.Map(block, index);
        byte[] sealedChunk = cipher.Seal(plain, ChunkAssociatedData(link, block, index, map));
        Defer("UPDATE chunks SET consumed = @consumed, sealed = @sealed WHERE block_id = @block AND idx = @idx;")
            .With("consumed", map.ToArray()).With("sealed", sealedChunk).With("block", block.RowId).With("idx", index);
    }

    // the chunk's identity and its consumption map: a chunk copied to another place, or a map edited to
    // mark consumed (zeroed) bytes free again, fails authentication
    private ReadOnlySpan<byte> ChunkAssociatedData(LinkId link, KeyBlock block, int index, ReadOnlySpan<byte> map) =>
        _associatedData.Start("chunk.v1").Add(link.Value).Add(block.Id.Value).Add(index).Add(map).WrittenSpan;

    // the key's identity and who may have it: a sealed key moved to another row, or a row whose SAEs were
    // edited, fails authentication
    private ReadOnlySpan<byte> KeyAssociatedData(KeyId keyId, string link, string master, string slaves) =>
        _associatedData.Start("key.v1").Add(keyId.ToBytes()).Add(link).Add(master).Add(slaves).WrittenSpan;
}
