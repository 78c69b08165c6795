using System.Globalization;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Pools;

namespace QkdNet.KeyManagement.Storage;

// Taking a new block of key material into a link's pool.
public partial class KeyStoreEngine
{
    /// <summary>Largest block accepted, in bytes (64 MiB).</summary>
    public const int MaxBlockBytes = 64 << 20;

    /// <inheritdoc />
    public Task<Result<PoolStatus, KeyStoreFailure>> IngestBlockAsync(LinkId link, BlockId block, ReadOnlyMemory<byte> material, CancellationToken cancellationToken = default) =>
        CheckBlock(link, block, material) is { } invalid
            ? Task.FromResult(Invalid<PoolStatus>(invalid))
            : Enqueue(() => Ingest(link, block, material.Span), null, cancellationToken);

    /// <inheritdoc />
    /// <remarks>One request, so the block and the keys are always made durable in the same commit.</remarks>
    public Task<Result<int, KeyStoreFailure>> IngestAndImportAsync(
        LinkId link, BlockId block, ReadOnlyMemory<byte> material, ReservationDescriptor reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        if ((CheckBlock(link, block, material) ?? CheckImport(reservation)) is { } invalid)
        {
            return Task.FromResult(Invalid<int>(invalid));
        }

        return Enqueue(() =>
        {
            Result<PoolStatus, KeyStoreFailure> ingested = Ingest(link, block, material.Span);
            return ingested.IsSuccess ? Import(reservation) : ingested.Cast<int>();
        }, null, cancellationToken);
    }

    private static string? CheckBlock(LinkId link, BlockId block, ReadOnlyMemory<byte> material) =>
        link == default || block == default || material.IsEmpty || material.Length > MaxBlockBytes
            ? $"A block needs a link, an ID and 1 to {MaxBlockBytes} bytes."
            : null;

    private Result<PoolStatus, KeyStoreFailure> Ingest(LinkId link, BlockId blockId, ReadOnlySpan<byte> material)
    {
        if (_cipher is not { } cipher)
        {
            return SealedFailure<PoolStatus>();
        }

        LinkPool pool = _pools.Of(link);
        if (pool.WasIngested(blockId))
        {
            return new KeyStoreFailure(KeyStoreError.DuplicateBlock, $"Block {blockId} of link {link} was ingested before.");
        }

        if ((pool.AvailableBytes + material.Length) * 8 > pool.Options.CapacityBits)
        {
            return new KeyStoreFailure(KeyStoreError.PoolFull, $"Link {link}'s pool cannot take {material.Length * 8} more bits.");
        }

        long rowId = _backend.InsertBlock(link, blockId, material.Length, _time.GetUtcNow().ToUnixTimeMilliseconds());
        var block = new KeyBlock(rowId, blockId, material.Length);
        InsertChunks(cipher, link, block, material);
        AppendAudit(AuditEventKind.Ingest, link.Value, string.Create(CultureInfo.InvariantCulture, $"block={blockId};bytes={material.Length}"));
        pool.Add(block);
        return pool.Status;
    }
}
