using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Sealing;

namespace QkdNet.KeyManagement.Storage;

public partial class KeyStoreEngine
{
    /// <summary>
    /// Rebuilds the in-memory state from the stored rows: the seal record, every link's consumption maps (from the
    /// chunks' clear bitmaps; a missing chunk is used up) and the audit head. Needs no master key.
    /// </summary>
    private void LoadState()
    {
        byte[]? sealBytes = _backend.ReadMeta(SealMetaName);
        _sealRecord = sealBytes is null ? null
            : SealRecord.FromBytes(sealBytes) ?? throw new InvalidOperationException("The stored seal record is malformed.");

        var pools = new Dictionary<LinkId, LinkPool>();
        var blocks = new Dictionary<long, (LinkPool Pool, KeyBlock Block, bool[] Seen)>();
        foreach (StoredBlock stored in _backend.ReadBlocks())
        {
            LinkId link = LinkId.Create(stored.Link);
            if (!pools.TryGetValue(link, out LinkPool? pool))
            {
                pool = new LinkPool(link, _pools.OptionsFor(link));
                pools.Add(link, pool);
            }

            var block = new KeyBlock(stored.RowId, BlockId.Create(stored.Block), stored.LengthBytes);
            blocks.Add(block.RowId, (pool, block, new bool[ChunkLayout.Count(block.LengthBytes)]));
        }

        foreach (StoredChunk chunk in _backend.ReadChunkMaps())
        {
            (_, KeyBlock block, bool[] seen) = blocks[chunk.BlockRowId];
            (int offset, int length) = ChunkLayout.Range(block, chunk.Index);
            block.LoadMap(offset / 8, chunk.Consumed, offset, length);
            seen[chunk.Index] = true;
        }

        foreach ((LinkPool pool, KeyBlock block, bool[] seen) in blocks.Values)
        {
            for (int index = 0; index < seen.Length; index++)
            {
                if (!seen[index])
                {
                    (int offset, int length) = ChunkLayout.Range(block, index);
                    block.LoadConsumed(offset, length);
                }
            }

            pool.Add(block);
        }

        _pools.Replace(pools);
        LoadAuditHead();
    }
}
