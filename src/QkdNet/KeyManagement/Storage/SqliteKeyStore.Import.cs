using Microsoft.Data.Sqlite;
using QkdNet.KeyManagement.Pools;

namespace QkdNet.KeyManagement.Storage;

public sealed partial class SqliteKeyStore
{
    /// <inheritdoc />
    public Task<Result<int, KeyStoreFailure>> ImportAsync(ReservationDescriptor reservation, CancellationToken cancellationToken = default) =>
        StoreKeys.ImportAsync(this, reservation, cancellationToken);

    /// <inheritdoc />
    /// <remarks>One request, so the block and the keys are always made durable in the same commit.</remarks>
    public Task<Result<int, KeyStoreFailure>> IngestAndImportAsync(
        LinkId link, BlockId block, ReadOnlyMemory<byte> material, ReservationDescriptor reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        if ((StoreIngest.CheckBlock(link, block, material) ?? StoreKeys.CheckImport(this, reservation)) is { } invalid)
        {
            return Task.FromResult(Result<int, KeyStoreFailure>.Fail(new KeyStoreFailure(KeyStoreError.InvalidRequest, invalid)));
        }

        return Enqueue(() =>
        {
            Result<PoolStatus, KeyStoreFailure> ingested = StoreIngest.Ingest(this, link, block, material.Span);
            return ingested.IsSuccess ? StoreKeys.Import(this, reservation) : ingested.Cast<int>();
        }, null, cancellationToken);
    }

    /// <inheritdoc />
    KeyId? IKeyRowStore.FindExistingKey(IReadOnlyList<KeyAllocation> keys)
    {
        foreach (KeyAllocation key in keys)
        {
            SqliteCommand command = Command("SELECT 1 FROM keys WHERE key_id = $id;");
            command.Parameters.AddWithValue("$id", key.KeyId.ToBytes());
            if (command.ExecuteScalar() is not null)
            {
                return key.KeyId;
            }
        }

        return null;
    }
}
