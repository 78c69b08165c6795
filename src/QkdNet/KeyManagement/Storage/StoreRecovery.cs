using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Sealing;

namespace QkdNet.KeyManagement.Storage;

/// <summary>What recovery needs from a key store: its pools and the stored blocks' and chunks' clear bookkeeping.</summary>
internal interface IRecoverableStore : IAuditedStore
{
    /// <summary>The store's in-memory pools.</summary>
    StorePools Pools { get; }

    /// <summary>Calls <paramref name="each"/> with every stored block's row ID, link, block ID and length (bytes), in row order.</summary>
    void ReadBlocks(Action<long, string, string, int> each);

    /// <summary>Calls <paramref name="each"/> with every stored chunk's block row ID, index and clear consumption map.</summary>
    void ReadChunkMaps(Action<long, int, byte[]> each);
}

/// <summary>Rebuilding a store's in-memory state from what it stored, the same for every store.</summary>
internal static class StoreRecovery
{
    /// <summary>
    /// Rebuilds the in-memory state from the stored rows: the seal record, every link's consumption maps (from the
    /// chunks' clear bitmaps; a missing chunk is used up) and the audit head. Needs no master key.
    /// </summary>
    public static void LoadState(IRecoverableStore store)
    {
        byte[]? sealBytes = store.ReadMeta(StoreSealing.MetaName);
        store.SealRecord = sealBytes is null ? null
            : SealRecord.FromBytes(sealBytes) ?? throw new InvalidOperationException("The stored seal record is malformed.");

        var pools = new Dictionary<LinkId, LinkPool>();
        var blocks = new Dictionary<long, (LinkPool Pool, KeyBlock Block, bool[] Seen)>();
        store.ReadBlocks((rowId, linkName, blockName, lengthBytes) =>
        {
            LinkId link = LinkId.Create(linkName);
            if (!pools.TryGetValue(link, out LinkPool? pool))
            {
                pool = new LinkPool(link, store.Pools.OptionsFor(link));
                pools.Add(link, pool);
            }

            var block = new KeyBlock(rowId, BlockId.Create(blockName), lengthBytes);
            blocks.Add(block.RowId, (pool, block, new bool[ChunkLayout.Count(block.LengthBytes)]));
        });

        store.ReadChunkMaps((blockRow, index, map) =>
        {
            (_, KeyBlock block, bool[] seen) = blocks[blockRow];
            (int offset, int length) = ChunkLayout.Range(block, index);
            block.LoadMap(offset / 8, map, offset, length);
            seen[index] = true;
        });

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

        store.Pools.Replace(pools);
        StoreAudit.LoadHead(store);
    }
}
