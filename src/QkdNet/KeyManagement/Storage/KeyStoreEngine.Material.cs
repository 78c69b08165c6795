using System.Security.Cryptography;
using QkdNet.KeyManagement.Encryption;
using QkdNet.KeyManagement.Pools;

namespace QkdNet.KeyManagement.Storage;

// Cutting key material out of the encrypted chunks: each chunk a batch touches is opened once, cut from in memory and
// written back once when the batch commits.
public partial class KeyStoreEngine
{
    /// <summary>Chunks of a new block sealed and handed to the backend at a time (PostgreSQL sends each group as one statement).</summary>
    private const int ChunksPerInsert = 64;

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

    /// <summary>Writes back every chunk the batch cut from, inside the batch's transaction: a used-up chunk is deleted.</summary>
    private void FlushChunks()
    {
        if (_cipher is not { } cipher)
        {
            return;
        }

        foreach (BatchChunk chunk in _batchChunks.Values)
        {
            if (ChunkLayout.IsUsedUp(chunk.Block, chunk.Index))
            {
                _backend.DeleteChunk(chunk.Block.RowId, chunk.Index);
                continue;
            }

            ReadOnlySpan<byte> map = ChunkLayout.Map(chunk.Block, chunk.Index);
            byte[] sealedChunk = cipher.Seal(chunk.Plain, ChunkAssociatedData(chunk.Link, chunk.Block, chunk.Index, map));
            _backend.UpdateChunk(new StoredChunk(chunk.Block.RowId, chunk.Index, map.ToArray(), sealedChunk));
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

    /// <summary>Seals every chunk of a newly ingested block and hands them to the backend, <see cref="ChunksPerInsert"/> at a time.</summary>
    private void InsertChunks(RowCipher cipher, LinkId link, KeyBlock block, ReadOnlySpan<byte> material)
    {
        int count = ChunkLayout.Count(block.LengthBytes);
        var chunks = new List<StoredChunk>(Math.Min(ChunksPerInsert, count));
        for (int index = 0; index < count; index++)
        {
            (int offset, int length) = ChunkLayout.Range(block, index);
            ReadOnlySpan<byte> map = ChunkLayout.Map(block, index);
            chunks.Add(new StoredChunk(block.RowId, index, map.ToArray(), cipher.Seal(material.Slice(offset, length), ChunkAssociatedData(link, block, index, map))));
            if (chunks.Count == ChunksPerInsert || index == count - 1)
            {
                _backend.InsertChunks([.. chunks]);
                chunks.Clear();
            }
        }
    }

    private byte[] OpenChunk(RowCipher cipher, LinkId link, KeyBlock block, int index)
    {
        if (_backend.ReadChunk(block.RowId, index) is not { Sealed: { } blob } stored)
        {
            throw new InvalidOperationException($"Chunk {index} of block {block.Id} is missing although its material is unconsumed.");
        }

        byte[] plain = new byte[RowCipher.PlaintextLength(blob.Length)];
        if (!cipher.TryOpen(blob, ChunkAssociatedData(link, block, index, stored.Consumed), plain))
        {
            throw new CryptographicException($"Chunk {index} of block {block.Id} fails authentication: the {_backend.Medium} was altered.");
        }

        return plain;
    }

    // the chunk's identity and its consumption map: a chunk copied to another place, or a map edited to
    // mark consumed (zeroed) bytes free again, fails authentication
    private ReadOnlySpan<byte> ChunkAssociatedData(LinkId link, KeyBlock block, int index, ReadOnlySpan<byte> map) =>
        _associatedData.Start("chunk.v1").Add(link.Value).Add(block.Id.Value).Add(index).Add(map).WrittenSpan;
}
