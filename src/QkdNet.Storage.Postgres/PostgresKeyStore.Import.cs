using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Storage.Postgres;

public sealed partial class PostgresKeyStore
{
    /// <inheritdoc />
    public Task<Result<int, KeyStoreFailure>> ImportAsync(ReservationDescriptor reservation, CancellationToken cancellationToken = default) =>
        StoreKeys.ImportAsync(this, reservation, cancellationToken);

    /// <inheritdoc />
    KeyId? IKeyRowStore.FindExistingKey(IReadOnlyList<KeyAllocation> keys)
    {
        Guid[] ids = [.. keys.Select(k => k.KeyId.Value)];
        return Command("SELECT key_id FROM keys WHERE key_id = ANY(@ids) LIMIT 1;").With("ids", ids).ExecuteScalar() is Guid existing
            && KeyId.TryCreate(existing, out KeyId keyId) ? keyId : null;
    }
}
