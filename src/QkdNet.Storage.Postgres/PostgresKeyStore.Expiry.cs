using Npgsql;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Storage.Postgres;

public sealed partial class PostgresKeyStore
{
    /// <inheritdoc />
    public Task<Result<int, KeyStoreFailure>> SweepExpiredAsync(CancellationToken cancellationToken = default) =>
        Enqueue(() => StoreDelivery.SweepExpired(this), null, cancellationToken);

    /// <inheritdoc />
    IReadOnlyList<(KeyId Id, string Link)> IKeyRowStore.ReadExpired(long now, int limit)
    {
        var expired = new List<(KeyId Id, string Link)>();
        using NpgsqlDataReader reader = Command("SELECT key_id, link FROM keys WHERE expires_at <= @now AND pending <> '' ORDER BY expires_at LIMIT @limit;")
            .With("now", now).With("limit", limit).ExecuteReader();
        while (reader.Read())
        {
            KeyId.TryCreate(reader.GetGuid(0), out KeyId id);
            expired.Add((id, reader.GetString(1)));
        }

        return expired;
    }

    /// <inheritdoc />
    void IKeyRowStore.DeleteExpiredReceipts(long now) =>
        Defer("DELETE FROM keys WHERE expires_at <= @now AND pending = '';").With("now", now);
}
