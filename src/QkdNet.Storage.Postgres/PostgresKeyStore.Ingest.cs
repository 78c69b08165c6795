using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Storage.Postgres;

public sealed partial class PostgresKeyStore
{
    /// <summary>Largest block accepted, in bytes (64 MiB).</summary>
    public const int MaxBlockBytes = StoreIngest.MaxBlockBytes;

    /// <inheritdoc />
    public Task<Result<PoolStatus, KeyStoreFailure>> IngestBlockAsync(LinkId link, BlockId block, ReadOnlyMemory<byte> material, CancellationToken cancellationToken = default) =>
        StoreIngest.IngestAsync(this, link, block, material, cancellationToken);

    /// <inheritdoc />
    long IKeyRowStore.InsertBlock(LinkId link, BlockId block, int lengthBytes, long ingestedAt) =>
        (long)Command("INSERT INTO blocks(link, block, length, ingested_at) VALUES (@link, @block, @length, @at) RETURNING id;")
            .With("link", link.Value).With("block", block.Value).With("length", lengthBytes).With("at", ingestedAt)
            .ExecuteScalar()!;
}
