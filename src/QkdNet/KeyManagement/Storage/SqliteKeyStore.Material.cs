using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using QkdNet.KeyManagement.Encryption;
using QkdNet.KeyManagement.Pools;

namespace QkdNet.KeyManagement.Storage;

public sealed partial class SqliteKeyStore
{
    /// <summary>
    /// Cuts the material of <paramref name="ranges"/> (already marked consumed in memory) out of the stored
    /// chunks: copies it out, zeroes it in the chunk, and writes each touched chunk back re-sealed with its new
    /// consumption map (or deletes it once used up). Returns one new array per range; the caller owns them.
    /// </summary>
    private byte[][] TakeMaterial(RowCipher cipher, LinkPool pool, IReadOnlyList<(KeyBlock Block, int Offset, int Length)> ranges)
    {
        var chunks = new Dictionary<(long BlockRow, int Index), (KeyBlock Block, byte[] Plain)>();
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
                    if (!chunks.TryGetValue((block.RowId, index), out (KeyBlock Block, byte[] Plain) chunk))
                    {
                        chunk = (block, OpenChunk(cipher, pool.Link, block, index));
                        chunks.Add((block.RowId, index), chunk);
                    }

                    int within = position - (index * ChunkBytes);
                    int take = Math.Min(length - done, chunk.Plain.Length - within);
                    Span<byte> source = chunk.Plain.AsSpan(within, take);
                    source.CopyTo(output.AsSpan(done));
                    CryptographicOperations.ZeroMemory(source);
                    done += take;
                }
            }

            foreach (((long _, int index), (KeyBlock block, byte[] plain)) in chunks)
            {
                StoreChunk(cipher, pool.Link, block, index, plain);
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
        finally
        {
            foreach ((_, byte[] plain) in chunks.Values)
            {
                CryptographicOperations.ZeroMemory(plain);
            }
        }
    }

    /// <summary>Seals and inserts every chunk of a newly ingested block.</summary>
    private void InsertChunks(RowCipher cipher, LinkId link, KeyBlock block, ReadOnlySpan<byte> material)
    {
        for (int index = 0; index < ChunkCount(block.LengthBytes); index++)
        {
            (int offset, int length) = ChunkRange(block, index);
            ReadOnlySpan<byte> map = ChunkMap(block, index);
            SqliteCommand command = Command("INSERT INTO chunks(block_id, idx, consumed, sealed) VALUES ($block, $idx, $consumed, $sealed);");
            command.Parameters.AddWithValue("$block", block.RowId);
            command.Parameters.AddWithValue("$idx", index);
            command.Parameters.AddWithValue("$consumed", map.ToArray());
            command.Parameters.AddWithValue("$sealed", cipher.Seal(material.Slice(offset, length), ChunkAssociatedData(link, block, index, map)));
            command.ExecuteNonQuery();
        }
    }

    private byte[] OpenChunk(RowCipher cipher, LinkId link, KeyBlock block, int index)
    {
        SqliteCommand command = Command("SELECT consumed, sealed FROM chunks WHERE block_id = $block AND idx = $idx;");
        command.Parameters.AddWithValue("$block", block.RowId);
        command.Parameters.AddWithValue("$idx", index);
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
            command = Command("DELETE FROM chunks WHERE block_id = $block AND idx = $idx;");
        }
        else
        {
            ReadOnlySpan<byte> map = ChunkMap(block, index);
            command = Command("UPDATE chunks SET consumed = $consumed, sealed = $sealed WHERE block_id = $block AND idx = $idx;");
            command.Parameters.AddWithValue("$consumed", map.ToArray());
            command.Parameters.AddWithValue("$sealed", cipher.Seal(plain, ChunkAssociatedData(link, block, index, map)));
        }

        command.Parameters.AddWithValue("$block", block.RowId);
        command.Parameters.AddWithValue("$idx", index);
        command.ExecuteNonQuery();
    }

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
