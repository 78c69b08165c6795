using Microsoft.Data.Sqlite;
using QkdNet.KeyManagement.Pools;

namespace QkdNet.KeyManagement.Storage;

public sealed partial class SqliteKeyStore
{
    /// <summary>Largest block accepted, in bytes (64 MiB).</summary>
    public const int MaxBlockBytes = StoreIngest.MaxBlockBytes;

    /// <inheritdoc />
    public Task<Result<PoolStatus, KeyStoreFailure>> IngestBlockAsync(LinkId link, BlockId block, ReadOnlyMemory<byte> material, CancellationToken cancellationToken = default) =>
        StoreIngest.IngestAsync(this, link, block, material, cancellationToken);

    /// <inheritdoc />
    long IKeyRowStore.InsertBlock(LinkId link, BlockId block, int lengthBytes, long ingestedAt)
    {
        SqliteCommand command = Command("INSERT INTO blocks(link, block, length, ingested_at) VALUES ($link, $block, $length, $at) RETURNING id;");
        command.Parameters.AddWithValue("$link", link.Value);
        command.Parameters.AddWithValue("$block", block.Value);
        command.Parameters.AddWithValue("$length", lengthBytes);
        command.Parameters.AddWithValue("$at", ingestedAt);
        return (long)command.ExecuteScalar()!;
    }
}
