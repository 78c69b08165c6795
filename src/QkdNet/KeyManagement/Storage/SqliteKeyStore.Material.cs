using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using QkdNet.KeyManagement.Encryption;
using QkdNet.KeyManagement.Pools;

namespace QkdNet.KeyManagement.Storage;

public sealed partial class SqliteKeyStore
{
    /// <summary>
    /// Cuts the material of <paramref name="ranges"/> (already marked consumed in memory) out of the stored
    /// chunks: copies it out and zeroes it in the batch's plaintext copy of each chunk. The touched chunks are
    /// written back once per batch (<see cref="FlushChunks"/>), so the requests of one batch that cut from the
    /// same chunk cost one decryption, one encryption and one row update between them.
    /// Returns one new array per range; the caller owns them.
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
                    int index = position / ChunkBytes;
                    if (!_batchChunks.TryGetValue((block.RowId, index), out BatchChunk? chunk))
                    {
                        chunk = new BatchChunk(pool.Link, block, index, OpenChunk(cipher, pool.Link, block, index));
                        _batchChunks.Add((block.RowId, index), chunk);
                    }

                    int within = position - (index * ChunkBytes);
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

    /// <summary>Seals and inserts every chunk of a newly ingested block.</summary>
    private void InsertChunks(RowCipher cipher, LinkId link, KeyBlock block, ReadOnlySpan<byte> material)
    {
        for (int index = 0; index < ChunkCount(block.LengthBytes); index++)
        {
            (int offset, int length) = ChunkRange(block, index);
            ReadOnlySpan<byte> map = ChunkMap(block, index);
            SqliteCommand command = Command("INSERT INTO chunks(id, consumed, sealed) VALUES ($id, $consumed, $sealed);");
            command.Parameters.AddWithValue("$id", ChunkRowId(block, index));
            command.Parameters.AddWithValue("$consumed", map.ToArray());
            command.Parameters.AddWithValue("$sealed", cipher.Seal(material.Slice(offset, length), ChunkAssociatedData(link, block, index, map)));
            command.ExecuteNonQuery();
        }
    }

    private byte[] OpenChunk(RowCipher cipher, LinkId link, KeyBlock block, int index)
    {
        SqliteCommand command = Command("SELECT consumed, sealed FROM chunks WHERE id = $id;");
        command.Parameters.AddWithValue("$id", ChunkRowId(block, index));
        using SqliteDataReader reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new InvalidOperationException($"Chunk {index} of block {block.Id} is missing although its material is unconsumed.");
        }

        byte[] storedMap = (byte[])reader[0];
        byte[] blob = (byte[])reader[1];
        byte[] plain = new byte[RowCipher.PlaintextLength(blob.Length)];
        if (!cipher.TryOpen(blob, ChunkAssociatedData(link, block, index, storedMap), plain))
        {
            throw new CryptographicException($"Chunk {index} of block {block.Id} fails authentication: the file was altered.");
        }

        return plain;
    }

    private void StoreChunk(RowCipher cipher, LinkId link, KeyBlock block, int index, byte[] plain)
    {
        (int offset, int length) = ChunkRange(block, index);
        SqliteCommand command;
        if (IsUsedUp(block, offset, length))
        {
            command = Command("DELETE FROM chunks WHERE id = $id;");
        }
        else
        {
            ReadOnlySpan<byte> map = ChunkMap(block, index);
            command = Command("UPDATE chunks SET consumed = $consumed, sealed = $sealed WHERE id = $id;");
            command.Parameters.AddWithValue("$consumed", map.ToArray());
            command.Parameters.AddWithValue("$sealed", cipher.Seal(plain, ChunkAssociatedData(link, block, index, map)));
        }

        command.Parameters.AddWithValue("$id", ChunkRowId(block, index));
        command.ExecuteNonQuery();
    }

    /// <summary>A chunk's rowid: block row in the high bits, chunk index in the low 20 (a block has at most 2^16 chunks).</summary>
    private static long ChunkRowId(KeyBlock block, int index) => (block.RowId << 20) | (uint)index;

    private static bool IsUsedUp(KeyBlock block, int offset, int length)
    {
        for (int i = offset; i < offset + length; i++)
        {
            if (!block.IsConsumed(i))
            {
                return false;
            }
        }

        return true;
    }

    private static ReadOnlySpan<byte> ChunkMap(KeyBlock block, int index)
    {
        (int offset, int length) = ChunkRange(block, index);
        return block.ConsumedMap.Slice(offset / 8, (length + 7) / 8);
    }

    // the chunk's identity and its consumption map: a chunk copied to another place, or a map edited to
    // mark consumed (zeroed) bytes free again, fails authentication
    private ReadOnlySpan<byte> ChunkAssociatedData(LinkId link, KeyBlock block, int index, ReadOnlySpan<byte> map) =>
        _associatedData.Start("chunk.v1").Add(link.Value).Add(block.Id.Value).Add(index).Add(map).WrittenSpan;
}
