using Microsoft.Data.Sqlite;

namespace QkdNet.KeyManagement.Storage;

public sealed partial class SqliteKeyStore
{
    /// <inheritdoc />
    public Task<Result<int, KeyStoreFailure>> SweepExpiredAsync(CancellationToken cancellationToken = default) =>
        Enqueue(() => StoreDelivery.SweepExpired(this), null, cancellationToken);

    /// <inheritdoc />
    IReadOnlyList<(KeyId Id, string Link)> IKeyRowStore.ReadExpired(long now, int limit)
    {
        var expired = new List<(KeyId Id, string Link)>();
        SqliteCommand select = Command("SELECT key_id, link FROM keys WHERE expires_at <= $now AND pending <> '' ORDER BY expires_at LIMIT $limit;");
        select.Parameters.AddWithValue("$now", now);
        select.Parameters.AddWithValue("$limit", limit);
        using SqliteDataReader reader = select.ExecuteReader();
        while (reader.Read())
        {
            KeyId.TryRead((byte[])reader[0], out KeyId id);
            expired.Add((id, reader.GetString(1)));
        }

        return expired;
    }

    /// <inheritdoc />
    void IKeyRowStore.DeleteExpiredReceipts(long now)
    {
        SqliteCommand command = Command("DELETE FROM keys WHERE expires_at <= $now AND pending = '';");
        command.Parameters.AddWithValue("$now", now);
        command.ExecuteNonQuery();
    }
}
