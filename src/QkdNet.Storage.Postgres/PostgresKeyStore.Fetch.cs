using Npgsql;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Storage.Postgres;

public sealed partial class PostgresKeyStore
{
    /// <inheritdoc />
    public Task<Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure>> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default) =>
        StoreDelivery.FetchAsync(this, request, cancellationToken);

    /// <inheritdoc />
    /// <remarks>One statement for all the keys.</remarks>
    Dictionary<KeyId, StoredKey> IKeyRowStore.ReadKeys(IReadOnlyList<KeyId> keyIds)
    {
        var found = new Dictionary<KeyId, StoredKey>(keyIds.Count);
        using NpgsqlDataReader reader = Command("SELECT key_id, link, master, slaves, pending, expires_at, sealed FROM keys WHERE key_id = ANY(@ids);")
            .With("ids", keyIds.Select(k => k.Value).ToArray()).ExecuteReader();
        while (reader.Read())
        {
            KeyId.TryCreate(reader.GetGuid(0), out KeyId id);
            found[id] = new StoredKey(id, reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt64(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<byte[]>(6));
        }

        return found;
    }

    /// <inheritdoc />
    void IKeyRowStore.UpdatePending(IReadOnlyList<(KeyId Id, string Pending)> keys) =>
        Defer("UPDATE keys SET pending = t.p FROM unnest(@ids, @pending) AS t(k, p) WHERE key_id = t.k;")
            .With("ids", keys.Select(p => p.Id.Value).ToArray()).With("pending", keys.Select(p => p.Pending).ToArray());

    /// <inheritdoc />
    void IKeyRowStore.DeleteKeys(IReadOnlyCollection<KeyId> keyIds)
    {
        if (keyIds.Count > 0)
        {
            Defer("DELETE FROM keys WHERE key_id = ANY(@ids);").With("ids", keyIds.Select(k => k.Value).ToArray());
        }
    }

    /// <inheritdoc />
    void IKeyRowStore.KeepReceipts(IReadOnlyCollection<KeyId> keyIds)
    {
        if (keyIds.Count > 0)
        {
            Defer("UPDATE keys SET pending = '', sealed = NULL WHERE key_id = ANY(@ids);").With("ids", keyIds.Select(k => k.Value).ToArray());
        }
    }
}
