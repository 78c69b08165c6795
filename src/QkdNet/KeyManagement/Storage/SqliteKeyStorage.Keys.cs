using Microsoft.Data.Sqlite;

namespace QkdNet.KeyManagement.Storage;

internal sealed partial class SqliteKeyStorage
{
    /// <inheritdoc />
    public KeyId? FindExistingKey(IReadOnlyList<KeyId> keyIds)
    {
        var existing = new HashSet<KeyId>();
        foreach ((int start, _, int shape) in KeyGroups(keyIds.Count))
        {
            using SqliteDataReader reader = KeySetCommand(ExistingKeysSql, shape, keyIds, start).ExecuteReader();
            while (reader.Read())
            {
                KeyId.TryRead((byte[])reader[0], out KeyId id);
                existing.Add(id);
            }
        }

        return existing.Count == 0 ? null : keyIds.First(existing.Contains);
    }

    /// <inheritdoc />
    public void InsertKeys(IReadOnlyList<KeyId> keyIds, LinkId link, SaeId master, string slaves, long expiresAt, IReadOnlyList<byte[]>? sealedKeys)
    {
        foreach ((int start, int length, int shape) in KeyGroups(keyIds.Count))
        {
            SqliteCommand command = KeySetCommand(InsertKeysSql, shape, keyIds, start);
            command.Parameters.AddWithValue("$link", link.Value);
            command.Parameters.AddWithValue("$master", master.Value);
            command.Parameters.AddWithValue("$slaves", slaves);
            command.Parameters.AddWithValue("$expires", expiresAt);
            for (int i = 0; i < length; i++)
            {
                command.Parameters.AddWithValue(SealedNames[i], sealedKeys is null ? DBNull.Value : sealedKeys[start + i]);
            }

            command.ExecuteNonQuery();
        }
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<KeyId, StoredKey> ReadKeys(IReadOnlyList<KeyId> keyIds)
    {
        var found = new Dictionary<KeyId, StoredKey>(keyIds.Count);
        foreach ((int start, _, int shape) in KeyGroups(keyIds.Count))
        {
            using SqliteDataReader reader = KeySetCommand(ReadKeysSql, shape, keyIds, start).ExecuteReader();
            while (reader.Read())
            {
                KeyId.TryRead((byte[])reader[0], out KeyId keyId);
                found[keyId] = new StoredKey(keyId, reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt64(5),
                    reader.IsDBNull(6) ? null : (byte[])reader[6]);
            }
        }

        return found;
    }

    /// <inheritdoc />
    public void UpdatePending(IReadOnlyList<(KeyId Id, string Pending)> keys)
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
    public void DeleteKeys(IReadOnlyCollection<KeyId> keyIds) => ExecuteForKeys(DeleteKeysSql, keyIds);

    /// <inheritdoc />
    public void KeepReceipts(IReadOnlyCollection<KeyId> keyIds) => ExecuteForKeys(KeepReceiptsSql, keyIds);

    private void ExecuteForKeys(string[] shapes, IReadOnlyCollection<KeyId> keyIds)
    {
        IReadOnlyList<KeyId> list = keyIds as IReadOnlyList<KeyId> ?? [.. keyIds];
        foreach ((int start, _, int shape) in KeyGroups(list.Count))
        {
            KeySetCommand(shapes, shape, list, start).ExecuteNonQuery();
        }
    }

    /// <inheritdoc />
    public void DeleteExpiredReceipts(long now)
    {
        SqliteCommand command = Command("DELETE FROM keys WHERE expires_at <= $now AND pending = '';");
        command.Parameters.AddWithValue("$now", now);
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public IReadOnlyList<(KeyId Id, string Link)> ReadExpired(long now, int limit)
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
}
