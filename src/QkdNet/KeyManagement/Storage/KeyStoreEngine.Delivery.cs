using System.Globalization;
using System.Security.Cryptography;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Encryption;

namespace QkdNet.KeyManagement.Storage;

// Delivering reserved keys to their slaves and destroying expired ones.
public partial class KeyStoreEngine
{
    /// <summary>Keys destroyed per audit record (and per statement) by a sweep.</summary>
    private const int SweepChunk = 1000;

    /// <inheritdoc />
    public Task<Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure>> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CheckFetch(request) is { } invalid
            ? Task.FromResult(Invalid<IReadOnlyList<DeliveredKey>>(invalid))
            : Enqueue(() => Fetch(request), DisposeKeys, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Result<int, KeyStoreFailure>> SweepExpiredAsync(CancellationToken cancellationToken = default) =>
        Enqueue(SweepExpired, null, cancellationToken);

    private string? CheckFetch(FetchRequest request) =>
        request.Caller == default || request.MasterSae == default ? "A fetch needs the caller and the master SAE."
            : KeyStoreRules.CheckCount(request.KeyIds?.Count ?? 0, MaxKeysPerRequest)
            ?? (request.KeyIds!.Distinct().Count() != request.KeyIds!.Count || request.KeyIds.Contains(default) ? "The key IDs must be distinct." : null);

    /// <summary>Zeroes delivered keys whose request rolled back (or failed part-way).</summary>
    private static void DisposeKeys(Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure> result)
    {
        foreach (DeliveredKey key in result.TryGetValue(out IReadOnlyList<DeliveredKey>? keys) ? keys : [])
        {
            key.Material.Dispose();
        }
    }

    private Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure> Fetch(FetchRequest request)
    {
        if (_cipher is not { } cipher)
        {
            return SealedFailure<IReadOnlyList<DeliveredKey>>();
        }

        // check every key before touching any, so a failing request consumes nothing
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        IReadOnlyDictionary<KeyId, StoredKey> found = _backend.ReadKeys(request.KeyIds);
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
                return refused;
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
                keys.Add(new DeliveredKey(row.Id, OpenKey(cipher, row)));
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
                _backend.KeepReceipts(completed);
            }

            if (stillPending.Count > 0)
            {
                _backend.UpdatePending(stillPending);
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
            DisposeKeys(keys);
            throw;
        }

        return keys;
    }

    /// <summary>Destroys every expired key, <see cref="SweepChunk"/> at a time, with one audit record per link and chunk.</summary>
    private Result<int, KeyStoreFailure> SweepExpired()
    {
        if (_cipher is null)
        {
            return SealedFailure<int>();
        }

        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        _backend.DeleteExpiredReceipts(now); // their keys were destroyed and audited at delivery
        int total = 0;
        while (true)
        {
            IReadOnlyList<(KeyId Id, string Link)> expired = _backend.ReadExpired(now, SweepChunk);
            if (expired.Count == 0)
            {
                return total;
            }

            foreach (IGrouping<string, (KeyId Id, string Link)> link in expired.GroupBy(e => e.Link, StringComparer.Ordinal))
            {
                KeyId[] ids = [.. link.Select(e => e.Id)];
                _backend.DeleteKeys(ids);
                AppendAudit(AuditEventKind.Expire, link.Key, string.Create(CultureInfo.InvariantCulture, $"count={ids.Length};keys={string.Join(',', ids)}"));
            }

            total += expired.Count;
        }
    }

    private KeyMaterial OpenKey(RowCipher cipher, StoredKey row)
    {
        byte[] plain = new byte[RowCipher.PlaintextLength(row.Sealed!.Length)];
        if (!cipher.TryOpen(row.Sealed, KeyAssociatedData(row.Id, row.Link, row.Master, row.Slaves), plain))
        {
            throw new CryptographicException($"Key {row.Id} fails authentication: the {_backend.Medium} was altered.");
        }

        return KeyMaterial.TakeOwnership(plain);
    }
}
