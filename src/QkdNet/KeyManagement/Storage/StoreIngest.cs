using System.Globalization;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Pools;

namespace QkdNet.KeyManagement.Storage;

/// <summary>Taking a new block of key material into a link's pool, the same for every store.</summary>
internal static class StoreIngest
{
    /// <summary>Largest block accepted, in bytes (64 MiB).</summary>
    public const int MaxBlockBytes = 64 << 20;

    public static string? CheckBlock(LinkId link, BlockId block, ReadOnlyMemory<byte> material) =>
        link == default || block == default || material.IsEmpty || material.Length > MaxBlockBytes
            ? $"A block needs a link, an ID and 1 to {MaxBlockBytes} bytes."
            : null;

    /// <summary>Checks the block, then queues the ingest on the store's writer.</summary>
    public static Task<Result<PoolStatus, KeyStoreFailure>> IngestAsync(IKeyRowStore store, LinkId link, BlockId block, ReadOnlyMemory<byte> material, CancellationToken cancellationToken)
    {
        if (CheckBlock(link, block, material) is { } invalid)
        {
            return Task.FromResult(Result<PoolStatus, KeyStoreFailure>.Fail(new KeyStoreFailure(KeyStoreError.InvalidRequest, invalid)));
        }

        return store.Enqueue(() => Ingest(store, link, block, material.Span), null, cancellationToken);
    }

    public static Result<PoolStatus, KeyStoreFailure> Ingest(IKeyRowStore store, LinkId link, BlockId blockId, ReadOnlySpan<byte> material)
    {
        if (store.Cipher is not { } cipher)
        {
            return StoreKeys.SealedFailure<PoolStatus>();
        }

        LinkPool pool = store.PoolOf(link);
        if (pool.WasIngested(blockId))
        {
            return Result<PoolStatus, KeyStoreFailure>.Fail(new KeyStoreFailure(KeyStoreError.DuplicateBlock, $"Block {blockId} of link {link} was ingested before."));
        }

        if ((pool.AvailableBytes + material.Length) * 8 > pool.Options.CapacityBits)
        {
            return Result<PoolStatus, KeyStoreFailure>.Fail(new KeyStoreFailure(KeyStoreError.PoolFull, $"Link {link}'s pool cannot take {material.Length * 8} more bits."));
        }

        long rowId = store.InsertBlock(link, blockId, material.Length, store.Time.GetUtcNow().ToUnixTimeMilliseconds());
        var block = new KeyBlock(rowId, blockId, material.Length);
        store.InsertChunks(cipher, link, block, material);
        store.AppendAudit(AuditEventKind.Ingest, link.Value, string.Create(CultureInfo.InvariantCulture, $"block={blockId};bytes={material.Length}"));
        pool.Add(block);
        return Result<PoolStatus, KeyStoreFailure>.Ok(pool.Status);
    }
}
