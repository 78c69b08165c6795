using System.Globalization;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Encryption;
using QkdNet.KeyManagement.Pools;

namespace QkdNet.KeyManagement.Storage;

public sealed partial class SqliteKeyStore
{
    /// <summary>Largest block accepted, in bytes (64 MiB).</summary>
    public const int MaxBlockBytes = 64 << 20;

    /// <inheritdoc />
    public Task<KeyStoreResult<PoolStatus>> IngestBlockAsync(LinkId link, BlockId block, ReadOnlyMemory<byte> material, CancellationToken cancellationToken = default)
    {
        if (CheckBlock(link, block, material) is { } invalid)
        {
            return Task.FromResult(KeyStoreResult<PoolStatus>.Failure(KeyStoreError.InvalidRequest, invalid));
        }

        return Enqueue(() => Ingest(link, block, material.Span), null, cancellationToken);
    }

    private static string? CheckBlock(LinkId link, BlockId block, ReadOnlyMemory<byte> material) =>
        link == default || block == default || material.IsEmpty || material.Length > MaxBlockBytes
            ? $"A block needs a link, an ID and 1 to {MaxBlockBytes} bytes."
            : null;

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

        long at = NowUnixMilliseconds;
        var command = Command("INSERT INTO blocks(link, block, length, ingested_at) VALUES ($link, $block, $length, $at) RETURNING id;");
        command.Parameters.AddWithValue("$link", link.Value);
        command.Parameters.AddWithValue("$block", blockId.Value);
        command.Parameters.AddWithValue("$length", material.Length);
        command.Parameters.AddWithValue("$at", at);
        var block = new KeyBlock((long)command.ExecuteScalar()!, blockId, material.Length);
        InsertChunks(cipher, link, block, material);
        AppendAudit(AuditEventKind.Ingest, link.Value, string.Create(CultureInfo.InvariantCulture, $"block={blockId};bytes={material.Length}"));
        pool.Add(block);
        return KeyStoreResult<PoolStatus>.Success(pool.Status);
    }
}
