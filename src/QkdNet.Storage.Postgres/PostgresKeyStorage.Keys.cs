using Npgsql;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Storage.Postgres;

internal sealed partial class PostgresKeyStorage
{
    /// <inheritdoc />
    public KeyId? FindExistingKey(IReadOnlyList<KeyId> keyIds)
    {
        Guid[] ids = [.. keyIds.Select(k => k.Value)];
        return Command("SELECT key_id FROM keys WHERE key_id = ANY(@ids) LIMIT 1;").With("ids", ids).ExecuteScalar() is Guid existing
            && KeyId.TryCreate(existing, out KeyId keyId) ? keyId : null;
    }

    /// <inheritdoc />
    /// <remarks>One statement for all the keys.</remarks>
    public void InsertKeys(IReadOnlyList<KeyId> keyIds, LinkId link, SaeId master, string slaves, long expiresAt, IReadOnlyList<byte[]>? sealedKeys)
    {
        Guid[] ids = [.. keyIds.Select(k => k.Value)];
        if (sealedKeys is null)
        {
            Defer("INSERT INTO keys(key_id, link, master, slaves, pending, expires_at, sealed) SELECT k, @link, @master, @slaves, @slaves, @expires, NULL FROM unnest(@ids) AS t(k);")
                .With("link", link.Value).With("master", master.Value).With("slaves", slaves).With("expires", expiresAt).With("ids", ids);
            return;
        }

        Defer("INSERT INTO keys(key_id, link, master, slaves, pending, expires_at, sealed) SELECT k, @link, @master, @slaves, @slaves, @expires, s FROM unnest(@ids, @sealed) AS t(k, s);")
            .With("link", link.Value).With("master", master.Value).With("slaves", slaves).With("expires", expiresAt)
            .With("ids", ids).With("sealed", sealedKeys.ToArray());
    }

    /// <inheritdoc />
    /// <remarks>One statement for all the keys.</remarks>
    public IReadOnlyDictionary<KeyId, StoredKey> ReadKeys(IReadOnlyList<KeyId> keyIds)
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
    public void UpdatePending(IReadOnlyList<(KeyId Id, string Pending)> keys) =>
        Defer("UPDATE keys SET pending = t.p FROM unnest(@ids, @pending) AS t(k, p) WHERE key_id = t.k;")
            .With("ids", keys.Select(p => p.Id.Value).ToArray()).With("pending", keys.Select(p => p.Pending).ToArray());

    /// <inheritdoc />
    public void DeleteKeys(IReadOnlyCollection<KeyId> keyIds)
    {
        if (keyIds.Count > 0)
        {
            Defer("DELETE FROM keys WHERE key_id = ANY(@ids);").With("ids", keyIds.Select(k => k.Value).ToArray());
        }
    }

    /// <inheritdoc />
    public void KeepReceipts(IReadOnlyCollection<KeyId> keyIds)
    {
        if (keyIds.Count > 0)
        {
            Defer("UPDATE keys SET pending = '', sealed = NULL WHERE key_id = ANY(@ids);").With("ids", keyIds.Select(k => k.Value).ToArray());
        }
    }

    /// <inheritdoc />
    public void DeleteExpiredReceipts(long now) =>
        Defer("DELETE FROM keys WHERE expires_at <= @now AND pending = '';").With("now", now);

    /// <inheritdoc />
    public IReadOnlyList<(KeyId Id, string Link)> ReadExpired(long now, int limit)
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
}
