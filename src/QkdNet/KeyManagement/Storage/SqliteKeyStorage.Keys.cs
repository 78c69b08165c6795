using Microsoft.Data.Sqlite;

namespace QkdNet.KeyManagement.Storage;

internal sealed partial class SqliteKeyStorage
{
    /// <inheritdoc />
    public KeyId? FindExistingKey(IReadOnlyList<KeyId> keyIds)
    {
        foreach (KeyId keyId in keyIds)
        {
            SqliteCommand command = Command("SELECT 1 FROM keys WHERE key_id = $id;");
            command.Parameters.AddWithValue("$id", keyId.ToBytes());
            if (command.ExecuteScalar() is not null)
            {
                return keyId;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public void InsertKeys(IReadOnlyList<KeyId> keyIds, LinkId link, SaeId master, string slaves, long expiresAt, IReadOnlyList<byte[]>? sealedKeys)
    {
        for (int i = 0; i < keyIds.Count; i++)
        {
            SqliteCommand command = Command("INSERT INTO keys(key_id, link, master, slaves, pending, expires_at, sealed) VALUES ($id, $link, $master, $slaves, $slaves, $expires, $sealed);");
            command.Parameters.AddWithValue("$id", keyIds[i].ToBytes());
            command.Parameters.AddWithValue("$link", link.Value);
            command.Parameters.AddWithValue("$master", master.Value);
            command.Parameters.AddWithValue("$slaves", slaves);
            command.Parameters.AddWithValue("$expires", expiresAt);
            command.Parameters.AddWithValue("$sealed", sealedKeys is null ? DBNull.Value : sealedKeys[i]);
            command.ExecuteNonQuery();
        }
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<KeyId, StoredKey> ReadKeys(IReadOnlyList<KeyId> keyIds)
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
    public void DeleteKeys(IReadOnlyCollection<KeyId> keyIds)
    {
        foreach (KeyId keyId in keyIds)
        {
            SqliteCommand command = Command("DELETE FROM keys WHERE key_id = $id;");
            command.Parameters.AddWithValue("$id", keyId.ToBytes());
            command.ExecuteNonQuery();
        }
    }

    /// <inheritdoc />
    public void KeepReceipts(IReadOnlyCollection<KeyId> keyIds)
    {
        foreach (KeyId keyId in keyIds)
        {
            SqliteCommand command = Command("UPDATE keys SET pending = '', sealed = NULL WHERE key_id = $id;");
            command.Parameters.AddWithValue("$id", keyId.ToBytes());
            command.ExecuteNonQuery();
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
