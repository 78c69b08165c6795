using System.Globalization;
using Npgsql;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Encryption;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Storage.Postgres;

public sealed partial class PostgresKeyStore
{
    /// <inheritdoc />
    public Task<KeyStoreResult<IReadOnlyList<DeliveredKey>>> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? invalid = request.Caller == default || request.MasterSae == default ? "A fetch needs the caller and the master SAE."
            : KeyStoreRules.CheckCount(request.KeyIds?.Count ?? 0, _options.MaxKeysPerRequest)
            ?? (request.KeyIds!.Distinct().Count() != request.KeyIds!.Count || request.KeyIds.Contains(default) ? "The key IDs must be distinct." : null);
        if (invalid is not null)
        {
            return Task.FromResult(KeyStoreResult<IReadOnlyList<DeliveredKey>>.Failure(KeyStoreError.InvalidRequest, invalid));
        }

        return Enqueue(() => Fetch(request), DisposeKeys, cancellationToken);
    }

    private static void DisposeKeys(KeyStoreResult<IReadOnlyList<DeliveredKey>> result)
    {
        foreach (DeliveredKey key in result.Value ?? [])
        {
            key.Material.Dispose();
        }
    }

    private KeyStoreResult<IReadOnlyList<DeliveredKey>> Fetch(FetchRequest request)
    {
        if (_cipher is not { } cipher)
        {
            return SealedFailure<IReadOnlyList<DeliveredKey>>();
        }

        // check every key before touching any, so a failing request consumes nothing
        long now = NowUnixMilliseconds;
        Dictionary<KeyId, StoredKey> found = ReadKeys(request.KeyIds);
        var rows = new List<StoredKey>(request.KeyIds.Count);
        foreach (KeyId keyId in request.KeyIds)
        {
            StoredKey? row = found.GetValueOrDefault(keyId);
            (KeyStoreError error, string detail) =
                row is null || row.ExpiresAt <= now ? (KeyStoreError.UnknownKey, $"Key {keyId} is unknown.")
                : !string.Equals(row.Master, request.MasterSae.Value, StringComparison.Ordinal) || !KeyStoreRules.ListContains(row.Slaves, request.Caller)
                    ? (KeyStoreError.NotAuthorized, $"Key {keyId} was not reserved by {request.MasterSae} for {request.Caller}.")
                : !KeyStoreRules.ListContains(row.Pending, request.Caller) ? (KeyStoreError.AlreadyDelivered, $"Key {keyId} was already delivered to {request.Caller}.")
                : row.Sealed is null ? (KeyStoreError.NotAuthorized, $"Key {keyId} is delivered by the peer KME, not this one.")
                : (KeyStoreError.None, string.Empty);
            if (error != KeyStoreError.None)
            {
                return KeyStoreResult<IReadOnlyList<DeliveredKey>>.Failure(error, detail);
            }

            rows.Add(row!);
        }

        var keys = new List<DeliveredKey>(rows.Count);
        var completed = new List<KeyId>();
        var stillPending = new List<(Guid Id, string Pending)>();
        try
        {
            foreach (StoredKey row in rows)
            {
                keys.Add(new DeliveredKey(row.Id, OpenKey(cipher, row)));
                string pending = KeyStoreRules.ListWithout(row.Pending, request.Caller);
                if (pending.Length == 0)
                {
                    completed.Add(row.Id);
                }
                else
                {
                    stillPending.Add((row.Id.Value, pending));
                }
            }

            DeleteKeys(completed);
            if (stillPending.Count > 0)
            {
                Defer("UPDATE keys SET pending = t.p FROM unnest(@ids, @pending) AS t(k, p) WHERE key_id = t.k;")
                    .With("ids", stillPending.Select(p => p.Id).ToArray()).With("pending", stillPending.Select(p => p.Pending).ToArray());
            }

            string link = rows[0].Link;
            AppendAudit(AuditEventKind.Deliver, link, string.Create(CultureInfo.InvariantCulture,
                $"master={request.MasterSae};slave={request.Caller};keys={string.Join(',', request.KeyIds)}"));
            if (completed.Count > 0)
            {
                AppendAudit(AuditEventKind.Destroy, link, $"reason=delivered-to-all;keys={string.Join(',', completed)}");
            }
        }
        catch
        {
            DisposeKeys(KeyStoreResult<IReadOnlyList<DeliveredKey>>.Success(keys));
            throw;
        }

        return KeyStoreResult<IReadOnlyList<DeliveredKey>>.Success(keys);
    }

    private Dictionary<KeyId, StoredKey> ReadKeys(IReadOnlyList<KeyId> keyIds)
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

    private KeyMaterial OpenKey(RowCipher cipher, StoredKey row)
    {
        byte[] plain = new byte[RowCipher.PlaintextLength(row.Sealed!.Length)];
        if (!cipher.TryOpen(row.Sealed, StoreKeys.KeyAssociatedData(this, row.Id, row.Link, row.Master, row.Slaves), plain))
        {
            throw new System.Security.Cryptography.CryptographicException($"Key {row.Id} fails authentication: the database was altered.");
        }

        return KeyMaterial.TakeOwnership(plain);
    }

    private void DeleteKeys(IReadOnlyCollection<KeyId> keyIds)
    {
        if (keyIds.Count > 0)
        {
            Defer("DELETE FROM keys WHERE key_id = ANY(@ids);").With("ids", keyIds.Select(k => k.Value).ToArray());
        }
    }
}
