using System.Security.Cryptography;
using QkdNet.KeyManagement.Encryption;
using QkdNet.KeyManagement.Pools;

namespace QkdNet.KeyManagement.Storage;

/// <summary>What the material logic needs from a key store: its batch's plaintext chunks and one chunk row's reads and writes (on the writer).</summary>
internal interface IChunkStore : ISealableStore
{
    /// <summary>The plaintext chunks the current batch cut from, by block row and chunk index.</summary>
    Dictionary<(long BlockRow, int Index), BatchChunk> BatchChunks { get; }

    /// <summary>The writer's reusable associated-data buffer.</summary>
    AssociatedData AssociatedData { get; }

    /// <summary>What holds the store ("file", "database"), as named in an authentication failure.</summary>
    string Medium { get; }

    /// <summary>Seals (<see cref="StoreMaterial.SealNewChunk"/>) and inserts every chunk of a newly ingested block, inside the batch's transaction.</summary>
    void InsertChunks(RowCipher cipher, LinkId link, KeyBlock block, ReadOnlySpan<byte> material);

    /// <summary>Reads chunk <paramref name="index"/>'s stored consumption map and sealed bytes; null when the row is missing.</summary>
    (byte[] Map, byte[] Sealed)? ReadChunk(KeyBlock block, int index);

    /// <summary>Rewrites chunk <paramref name="index"/>'s row, inside the batch's transaction.</summary>
    void UpdateChunk(KeyBlock block, int index, byte[] map, byte[] sealedChunk);

    /// <summary>Deletes chunk <paramref name="index"/>'s row, inside the batch's transaction.</summary>
    void DeleteChunk(KeyBlock block, int index);
}

/// <summary>
/// Cutting key material out of a store's encrypted chunks, the same for every store: each chunk a batch touches is
/// opened once, cut from in memory and written back once when the batch commits.
/// </summary>
internal static class StoreMaterial
{
    /// <summary>
    /// Cuts the material of <paramref name="ranges"/> (already marked consumed in memory) out of the stored
    /// chunks: copies it out and zeroes it in the batch's plaintext copy of each chunk. The touched chunks are
    /// written back once per batch (<see cref="FlushChunks"/>), so the requests of one batch that cut from the
    /// same chunk cost one decryption, one encryption and one row update between them.
    /// Returns one new array per range; the caller owns them.
    /// </summary>
    public static byte[][] TakeMaterial(IChunkStore store, RowCipher cipher, LinkPool pool, IReadOnlyList<(KeyBlock Block, int Offset, int Length)> ranges)
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
                    if (!store.BatchChunks.TryGetValue((block.RowId, index), out BatchChunk? chunk))
                    {
                        chunk = new BatchChunk(pool.Link, block, index, OpenChunk(store, cipher, pool.Link, block, index));
                        store.BatchChunks.Add((block.RowId, index), chunk);
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

    /// <summary>Writes back every chunk the batch cut from, inside the batch's transaction: a used-up chunk is deleted.</summary>
    public static void FlushChunks(IChunkStore store)
    {
        if (store.Cipher is not { } cipher)
        {
            return;
        }

        foreach (BatchChunk chunk in store.BatchChunks.Values)
        {
            if (ChunkLayout.IsUsedUp(chunk.Block, chunk.Index))
            {
                store.DeleteChunk(chunk.Block, chunk.Index);
                continue;
            }

            ReadOnlySpan<byte> map = ChunkLayout.Map(chunk.Block, chunk.Index);
            byte[] sealedChunk = cipher.Seal(chunk.Plain, ChunkAssociatedData(store, chunk.Link, chunk.Block, chunk.Index, map));
            store.UpdateChunk(chunk.Block, chunk.Index, map.ToArray(), sealedChunk);
        }
    }

    /// <summary>Zeroes and forgets the batch's plaintext chunks (after commit or rollback).</summary>
    public static void ClearChunks(IChunkStore store)
    {
        foreach (BatchChunk chunk in store.BatchChunks.Values)
        {
            CryptographicOperations.ZeroMemory(chunk.Plain);
        }

        store.BatchChunks.Clear();
    }

    /// <summary>Seals chunk <paramref name="index"/> of a newly ingested block; returns its consumption map and sealed bytes.</summary>
    public static (byte[] Map, byte[] Sealed) SealNewChunk(IChunkStore store, RowCipher cipher, LinkId link, KeyBlock block, int index, ReadOnlySpan<byte> material)
    {
        (int offset, int length) = ChunkLayout.Range(block, index);
        ReadOnlySpan<byte> map = ChunkLayout.Map(block, index);
        return (map.ToArray(), cipher.Seal(material.Slice(offset, length), ChunkAssociatedData(store, link, block, index, map)));
    }

    private static byte[] OpenChunk(IChunkStore store, RowCipher cipher, LinkId link, KeyBlock block, int index)
    {
        if (store.ReadChunk(block, index) is not (byte[] storedMap, byte[] blob))
        {
            throw new InvalidOperationException($"Chunk {index} of block {block.Id} is missing although its material is unconsumed.");
        }

        byte[] plain = new byte[RowCipher.PlaintextLength(blob.Length)];
        if (!cipher.TryOpen(blob, ChunkAssociatedData(store, link, block, index, storedMap), plain))
        {
            throw new CryptographicException($"Chunk {index} of block {block.Id} fails authentication: the {store.Medium} was altered.");
        }

        return plain;
    }

    // the chunk's identity and its consumption map: a chunk copied to another place, or a map edited to
    // mark consumed (zeroed) bytes free again, fails authentication
    private static ReadOnlySpan<byte> ChunkAssociatedData(IChunkStore store, LinkId link, KeyBlock block, int index, ReadOnlySpan<byte> map) =>
        store.AssociatedData.Start("chunk.v1").Add(link.Value).Add(block.Id.Value).Add(index).Add(map).WrittenSpan;
}
