using Microsoft.Data.Sqlite;

namespace QkdNet.KeyManagement.Storage;

public sealed partial class SqliteKeyStore
{
    /// <inheritdoc />
    public Task<Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure>> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default) =>
        StoreDelivery.FetchAsync(this, request, cancellationToken);

    /// <inheritdoc />
    Dictionary<KeyId, StoredKey> IKeyRowStore.ReadKeys(IReadOnlyList<KeyId> keyIds)
    {
        var found = new Dictionary<KeyId, StoredKey>(keyIds.Count);
        foreach (KeyId keyId in keyIds)
        {
            SqliteCommand command = Command("SELECT link, master, slaves, pending, expires_at, sealed FROM keys WHERE key_id = $id;");
            command.Parameters.AddWithValue("$id", keyId.ToBytes());
            using SqliteDataReader reader = command.ExecuteReader();
            if (reader.Read())
            {
                found[keyId] = new StoredKey(keyId, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
                    reader.IsDBNull(5) ? null : (byte[])reader[5]);
            }
        }

        return found;
    }

    /// <inheritdoc />
    void IKeyRowStore.UpdatePending(IReadOnlyList<(KeyId Id, string Pending)> keys)
    {
        foreach ((KeyId id, string pending) in keys)
        {
            SqliteCommand update = Command("UPDATE keys SET pending = $pending WHERE key_id = $id;");
            update.Parameters.AddWithValue("$pending", pending);
            update.Parameters.AddWithValue("$id", id.ToBytes());
            update.ExecuteNonQuery();
        }
    }

    /// <inheritdoc />
    void IKeyRowStore.DeleteKeys(IReadOnlyCollection<KeyId> keyIds)
    {
        foreach (KeyId keyId in keyIds)
        {
            SqliteCommand command = Command("DELETE FROM keys WHERE key_id = $id;");
            command.Parameters.AddWithValue("$id", keyId.ToBytes());
            command.ExecuteNonQuery();
        }
    }

    /// <inheritdoc />
    void IKeyRowStore.KeepReceipts(IReadOnlyCollection<KeyId> keyIds)
    {
        foreach (KeyId keyId in keyIds)
        {
            SqliteCommand command = Command("UPDATE keys SET pending = '', sealed = NULL WHERE key_id = $id;");
            command.Parameters.AddWithValue("$id", keyId.ToBytes());
            command.ExecuteNonQuery();
        }
    }
}
