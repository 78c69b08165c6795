using System.Globalization;
using Microsoft.Data.Sqlite;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Encryption;

namespace QkdNet.KeyManagement.Storage;

public sealed partial class SqliteKeyStore
{
    /// <inheritdoc />
    public Task<KeyStoreResult<IReadOnlyList<DeliveredKey>>> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? invalid = request.Caller == default || request.MasterSae == default ? "A fetch needs the caller and the master SAE."
            : CheckCount(request.KeyIds?.Count ?? 0)
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
        var rows = new List<StoredKey>(request.KeyIds.Count);
        foreach (KeyId keyId in request.KeyIds)
        {
            StoredKey? row = ReadKey(keyId);
            (KeyStoreError error, string detail) =
                row is null || row.ExpiresAt <= now ? (KeyStoreError.UnknownKey, $"Key {keyId} is unknown.")
                : !string.Equals(row.Master, request.MasterSae.Value, StringComparison.Ordinal) || !ListContains(row.Slaves, request.Caller)
                    ? (KeyStoreError.NotAuthorized, $"Key {keyId} was not reserved by {request.MasterSae} for {request.Caller}.")
                : !ListContains(row.Pending, request.Caller) ? (KeyStoreError.AlreadyDelivered, $"Key {keyId} was already delivered to {request.Caller}.")
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
        try
        {
            foreach (StoredKey row in rows)
            {
                keys.Add(new DeliveredKey(row.Id, OpenKey(cipher, row)));
                string pending = ListWithout(row.Pending, request.Caller);
                if (pending.Length == 0)
                {
                    completed.Add(row.Id);
                    DeleteKey(row.Id);
                }
                else
                {
                    SqliteCommand update = Command("UPDATE keys SET pending = $pending WHERE key_id = $id;");
                    update.Parameters.AddWithValue("$pending", pending);
                    update.Parameters.AddWithValue("$id", row.Id.ToBytes());
                    update.ExecuteNonQuery();
                }
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

    private StoredKey? ReadKey(KeyId keyId)
    {
        SqliteCommand command = Command("SELECT link, master, slaves, pending, expires_at, sealed FROM keys WHERE key_id = $id;");
        command.Parameters.AddWithValue("$id", keyId.ToBytes());
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read()
            ? new StoredKey(keyId, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.IsDBNull(5) ? null : (byte[])reader[5])
            : null;
    }

    private KeyMaterial OpenKey(RowCipher cipher, StoredKey row)
    {
        byte[] plain = new byte[RowCipher.PlaintextLength(row.Sealed!.Length)];
        if (!cipher.TryOpen(row.Sealed, StoreKeys.KeyAssociatedData(this, row.Id, row.Link, row.Master, row.Slaves), plain))
        {
            throw new System.Security.Cryptography.CryptographicException($"Key {row.Id} fails authentication: the file was altered.");
        }

        return KeyMaterial.TakeOwnership(plain);
    }

    private void DeleteKey(KeyId keyId)
    {
        SqliteCommand command = Command("DELETE FROM keys WHERE key_id = $id;");
        command.Parameters.AddWithValue("$id", keyId.ToBytes());
        command.ExecuteNonQuery();
    }
}
