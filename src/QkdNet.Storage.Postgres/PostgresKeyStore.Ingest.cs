using System.Globalization;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Pools;

namespace QkdNet.Storage.Postgres;

public sealed partial class PostgresKeyStore
{
    /// <summary>Largest block accepted, in bytes (64 MiB).</summary>
    public const int MaxBlockBytes = 64 << 20;

    /// <inheritdoc />
    public Task<KeyStoreResult<PoolStatus>> IngestBlockAsync(LinkId link, BlockId block, ReadOnlyMemory<byte> material, CancellationToken cancellationToken = default)
    {
        if (link == default || block == default || material.IsEmpty || material.Length > MaxBlockBytes)
        {
            return Task.FromResult(KeyStoreResult<PoolStatus>.Failure(KeyStoreError.InvalidRequest, $"A block needs a link, an ID and 1 to {MaxBlockBytes} bytes."));
        }

        return Enqueue(() => Ingest(link, block, material.Span), null, cancellationToken);
    }

    private KeyStoreResult<PoolStatus> Ingest(LinkId link, BlockId blockId, ReadOnlySpan<byte> material)
    {
        if (_cipher is not { } cipher)
        {
            return SealedFailure<PoolStatus>();
        }

        LinkPool pool = PoolOf(link);
        if (pool.WasIngested(blockId))
        {
            return KeyStoreResult<PoolStatus>.Failure(KeyStoreError.DuplicateBlock, $"Block {blockId} of link {link} was ingested before.");
        }

        if ((pool.AvailableBytes + material.Length) * 8 > pool.Options.CapacityBits)
        {
            return KeyStoreResult<PoolStatus>.Failure(KeyStoreError.PoolFull, $"Link {link}'s pool cannot take {material.Length * 8} more bits.");
        }

        long rowId = (long)Command("INSERT INTO blocks(link, block, length, ingested_at) VALUES (@link, @block, @length, @at) RETURNING id;")
            .With("link", link.Value).With("block", blockId.Value).With("length", material.Length).With("at", NowUnixMilliseconds)
            .ExecuteScalar()!;
        var block = new KeyBlock(rowId, blockId, material.Length);
        InsertChunks(cipher, link, block, material);
        AppendAudit(AuditEventKind.Ingest, link.Value, string.Create(CultureInfo.InvariantCulture, $"block={blockId};bytes={material.Length}"));
        pool.Add(block);
        return KeyStoreResult<PoolStatus>.Success(pool.Status);
    }
}
