using System.Globalization;
using System.Security.Cryptography;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Encryption;

namespace QkdNet.KeyManagement.Storage;

/// <summary>Delivering reserved keys to their slaves and destroying expired ones, the same for every store.</summary>
internal static class StoreDelivery
{
    /// <summary>Keys destroyed per audit record (and per statement) by a sweep.</summary>
    public const int SweepChunk = 1000;

    public static string? CheckFetch(IKeyStore store, FetchRequest request) =>
        request.Caller == default || request.MasterSae == default ? "A fetch needs the caller and the master SAE."
            : KeyStoreRules.CheckCount(request.KeyIds?.Count ?? 0, store.MaxKeysPerRequest)
            ?? (request.KeyIds!.Distinct().Count() != request.KeyIds!.Count || request.KeyIds.Contains(default) ? "The key IDs must be distinct." : null);

    /// <summary>Zeroes delivered keys whose request rolled back (or failed part-way).</summary>
    public static void DisposeKeys(Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure> result)
    {
        foreach (DeliveredKey key in result.TryGetValue(out IReadOnlyList<DeliveredKey>? keys) ? keys : [])
        {
            key.Material.Dispose();
        }
    }

    /// <summary>Checks <paramref name="request"/>, then queues the delivery on the store's writer.</summary>
    public static Task<Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure>> FetchAsync(IKeyRowStore store, FetchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (CheckFetch(store, request) is { } invalid)
        {
            return Task.FromResult(Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure>.Fail(new KeyStoreFailure(KeyStoreError.InvalidRequest, invalid)));
        }

        return store.Enqueue(() => Fetch(store, request), DisposeKeys, cancellationToken);
    }

    public static Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure> Fetch(IKeyRowStore store, FetchRequest request)
    {
        if (store.Cipher is not { } cipher)
        {
            return StoreKeys.SealedFailure<IReadOnlyList<DeliveredKey>>();
        }

        // check every key before touching any, so a failing request consumes nothing
        long now = store.Time.GetUtcNow().ToUnixTimeMilliseconds();
        Dictionary<KeyId, StoredKey> found = store.ReadKeys(request.KeyIds);
        var rows = new List<StoredKey>(request.KeyIds.Count);
        foreach (KeyId keyId in request.KeyIds)
        {
            StoredKey? row = found.GetValueOrDefault(keyId);
            KeyStoreFailure? refused =
                row is null || row.ExpiresAt <= now ? new(KeyStoreError.UnknownKey, $"Key {keyId} is unknown.")
                : !string.Equals(row.Master, request.MasterSae.Value, StringComparison.Ordinal) || !KeyStoreRules.ListContains(row.Slaves, request.Caller)
                    ? new(KeyStoreError.NotAuthorized, $"Key {keyId} was not reserved by {request.MasterSae} for {request.Caller}.")
                : !KeyStoreRules.ListContains(row.Pending, request.Caller) ? new(KeyStoreError.AlreadyDelivered, $"Key {keyId} was already delivered to {request.Caller}.")
                : row.Sealed is null ? new(KeyStoreError.NotAuthorized, $"Key {keyId} is delivered by the peer KME, not this one.")
                : null;
            if (refused is not null)
            {
                return Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure>.Fail(refused);
            }

            rows.Add(row!);
        }

        var keys = new List<DeliveredKey>(rows.Count);
        var completed = new List<KeyId>();
        var stillPending = new List<(KeyId Id, string Pending)>();
        try
        {
            foreach (StoredKey row in rows)
            {
                keys.Add(new DeliveredKey(row.Id, OpenKey(store, cipher, row)));
                string pending = KeyStoreRules.ListWithout(row.Pending, request.Caller);
                if (pending.Length == 0)
                {
                    completed.Add(row.Id);
                }
                else
                {
                    stillPending.Add((row.Id, pending));
                }
            }

            if (completed.Count > 0)
            {
                // a slave whose answer was lost (a crash, a dropped connection) asks again: the receipt tells it the key was
                // delivered, where a deleted row would call the key unknown
                store.KeepReceipts(completed);
            }

            if (stillPending.Count > 0)
            {
                store.UpdatePending(stillPending);
            }

            string link = rows[0].Link;
            store.AppendAudit(AuditEventKind.Deliver, link, string.Create(CultureInfo.InvariantCulture,
                $"master={request.MasterSae};slave={request.Caller};keys={string.Join(',', request.KeyIds)}"));
            if (completed.Count > 0)
            {
                store.AppendAudit(AuditEventKind.Destroy, link, $"reason=delivered-to-all;keys={string.Join(',', completed)}");
            }
        }
        catch
        {
            DisposeKeys(Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure>.Ok(keys));
            throw;
        }

        return Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure>.Ok(keys);
    }

    /// <summary>Destroys every expired key, <see cref="SweepChunk"/> at a time, with one audit record per link and chunk.</summary>
    public static Result<int, KeyStoreFailure> SweepExpired(IKeyRowStore store)
    {
        if (store.Cipher is null)
        {
            return StoreKeys.SealedFailure<int>();
        }

        long now = store.Time.GetUtcNow().ToUnixTimeMilliseconds();
        store.DeleteExpiredReceipts(now); // their keys were destroyed and audited at delivery
        int total = 0;
        while (true)
        {
            IReadOnlyList<(KeyId Id, string Link)> expired = store.ReadExpired(now, SweepChunk);
            if (expired.Count == 0)
            {
                return Result<int, KeyStoreFailure>.Ok(total);
            }

            foreach (IGrouping<string, (KeyId Id, string Link)> link in expired.GroupBy(e => e.Link, StringComparer.Ordinal))
            {
                KeyId[] ids = [.. link.Select(e => e.Id)];
                store.DeleteKeys(ids);
                store.AppendAudit(AuditEventKind.Expire, link.Key, string.Create(CultureInfo.InvariantCulture, $"count={ids.Length};keys={string.Join(',', ids)}"));
            }

            total += expired.Count;
        }
    }

    private static KeyMaterial OpenKey(IKeyRowStore store, RowCipher cipher, StoredKey row)
    {
        byte[] plain = new byte[RowCipher.PlaintextLength(row.Sealed!.Length)];
        if (!cipher.TryOpen(row.Sealed, StoreKeys.KeyAssociatedData(store, row.Id, row.Link, row.Master, row.Slaves), plain))
        {
            throw new CryptographicException($"Key {row.Id} fails authentication: the {store.Medium} was altered.");
        }

        return KeyMaterial.TakeOwnership(plain);
    }
}
