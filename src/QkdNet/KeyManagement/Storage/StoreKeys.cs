using System.Globalization;
using System.Security.Cryptography;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Encryption;
using QkdNet.KeyManagement.Pools;

namespace QkdNet.KeyManagement.Storage;

/// <summary>What the key logic needs from a key store beyond its chunks: its limits, clock, pools and the key rows' writes (on the writer).</summary>
internal interface IKeyRowStore : IChunkStore, IAuditedStore, IKeyStore
{
    /// <summary>How long a reserved key waits for its slaves.</summary>
    TimeSpan ReservationLifetime { get; }

    /// <summary>The link's pool, created empty when the link has none yet.</summary>
    LinkPool PoolOf(LinkId link);

    /// <summary>Inserts a block's row (its chunks apart), inside the batch's transaction; returns the row's ID.</summary>
    long InsertBlock(LinkId link, BlockId block, int lengthBytes, long ingestedAt);

    /// <summary>The first of <paramref name="keys"/> that is stored already; null when none is.</summary>
    KeyId? FindExistingKey(IReadOnlyList<KeyAllocation> keys);

    /// <summary>
    /// Inserts the key rows, inside the batch's transaction; <paramref name="material"/> null keeps bookkeeping only
    /// (the peer serves the slaves), else one copy per key, sealed with <see cref="StoreKeys.KeyAssociatedData"/>.
    /// </summary>
    void InsertKeys(RowCipher cipher, IReadOnlyList<KeyAllocation> keys, LinkId link, SaeId master, string slaves, DateTimeOffset expiresAt, byte[][]? material);

    /// <summary>The stored rows of <paramref name="keyIds"/>, by ID; a key not stored is absent.</summary>
    Dictionary<KeyId, StoredKey> ReadKeys(IReadOnlyList<KeyId> keyIds);

    /// <summary>Sets the slaves each key is still pending for, inside the batch's transaction.</summary>
    void UpdatePending(IReadOnlyList<(KeyId Id, string Pending)> keys);

    /// <summary>Deletes the key rows, inside the batch's transaction (nothing when <paramref name="keyIds"/> is empty).</summary>
    void DeleteKeys(IReadOnlyCollection<KeyId> keyIds);

    /// <summary>
    /// Destroys the material of keys every slave received, inside the batch's transaction, keeping each row as a receipt
    /// (no slave pending, no material) until the key's expiry, so a slave that asks again learns the key was delivered.
    /// </summary>
    void KeepReceipts(IReadOnlyCollection<KeyId> keyIds);

    /// <summary>Deletes the receipts (see <see cref="KeepReceipts"/>) whose key expired at <paramref name="now"/> (Unix ms).</summary>
    void DeleteExpiredReceipts(long now);

    /// <summary>
    /// Up to <paramref name="limit"/> undelivered keys (receipts apart) expired at <paramref name="now"/> (Unix ms), soonest
    /// expired first, with their links.
    /// </summary>
    IReadOnlyList<(KeyId Id, string Link)> ReadExpired(long now, int limit);
}

/// <summary>Reserving and importing keys, the same for every store: request checks, allocation from the pool, material, key rows and audit.</summary>
internal static class StoreKeys
{
    public static Result<T, KeyStoreFailure> SealedFailure<T>() => Result<T, KeyStoreFailure>.Fail(new KeyStoreFailure(KeyStoreError.Sealed, "The key store is sealed."));

    public static string? CheckReserve(IKeyStore store, ReserveRequest request) =>
        KeyStoreRules.CheckSaes(request.MasterSae, request.SlaveSaes, store.MaxSlavesPerKey)
            ?? KeyStoreRules.CheckCount(request.Count, store.MaxKeysPerRequest)
            ?? KeyStoreRules.CheckSizeBits(request.SizeBits, store.MaxKeySizeBits)
            ?? (request.Link == default ? "A reservation needs a link." : null);

    public static string? CheckImport(IKeyStore store, ReservationDescriptor reservation)
    {
        string? invalid = KeyStoreRules.CheckSaes(reservation.MasterSae, reservation.SlaveSaes, store.MaxSlavesPerKey)
            ?? KeyStoreRules.CheckCount(reservation.Keys?.Count ?? 0, store.MaxKeysPerRequest)
            ?? (reservation.Link == default ? "A reservation needs a link." : null);
        if (invalid is null)
        {
            var ids = new HashSet<KeyId>();
            foreach (KeyAllocation key in reservation.Keys!)
            {
                if (key.KeyId == default || !ids.Add(key.KeyId) || KeyStoreRules.CheckSizeBits(key.LengthBytes * 8, store.MaxKeySizeBits) is not null)
                {
                    invalid = "Key IDs must be distinct and every key size valid.";
                }
            }
        }

        return invalid;
    }

    /// <summary>Undoes a reservation that rolled back: zeroes the keys it handed out.</summary>
    public static void DisposeKeys(Result<Reservation, KeyStoreFailure> result)
    {
        foreach (DeliveredKey key in result.TryGetValue(out Reservation? reservation) ? reservation.Keys : [])
        {
            key.Material.Dispose();
        }
    }

    /// <summary>Checks <paramref name="request"/>, then queues the reservation on the store's writer.</summary>
    public static Task<Result<Reservation, KeyStoreFailure>> ReserveAsync(IKeyRowStore store, ReserveRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (CheckReserve(store, request) is { } invalid)
        {
            return Task.FromResult(Result<Reservation, KeyStoreFailure>.Fail(new KeyStoreFailure(KeyStoreError.InvalidRequest, invalid)));
        }

        return store.Enqueue(() => Reserve(store, request), DisposeKeys, cancellationToken);
    }

    /// <summary>Checks <paramref name="reservation"/>, then queues the import on the store's writer.</summary>
    public static Task<Result<int, KeyStoreFailure>> ImportAsync(IKeyRowStore store, ReservationDescriptor reservation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        if (CheckImport(store, reservation) is { } invalid)
        {
            return Task.FromResult(Result<int, KeyStoreFailure>.Fail(new KeyStoreFailure(KeyStoreError.InvalidRequest, invalid)));
        }

        return store.Enqueue(() => Import(store, reservation), null, cancellationToken);
    }

    public static Result<Reservation, KeyStoreFailure> Reserve(IKeyRowStore store, ReserveRequest request)
    {
        if (store.Cipher is not { } cipher)
        {
            return SealedFailure<Reservation>();
        }

        LinkPool pool = store.PoolOf(request.Link);
        int lengthBytes = request.SizeBits / 8;
        var ranges = new List<(KeyBlock Block, int Offset, int Length)>(request.Count);
        for (int i = 0; i < request.Count; i++)
        {
            if (!pool.TryAllocate(lengthBytes, out KeyBlock block, out int offset))
            {
                foreach ((KeyBlock taken, int at, int length) in ranges)
                {
                    pool.Unmark(taken, at, length);
                }

                return Result<Reservation, KeyStoreFailure>.Fail(new KeyStoreFailure(KeyStoreError.InsufficientKeyMaterial,
                    string.Create(CultureInfo.InvariantCulture, $"Link {request.Link} has {pool.AvailableBytes * 8} bits, too few for {request.Count} keys of {request.SizeBits} bits.")));
            }

            ranges.Add((block, offset, lengthBytes));
        }

        byte[][] material = StoreMaterial.TakeMaterial(store, cipher, pool, ranges);
        var keys = new List<DeliveredKey>(request.Count);
        var allocations = new KeyAllocation[request.Count];
        DateTimeOffset expiresAt = store.Time.GetUtcNow() + store.ReservationLifetime;
        string slaves = KeyStoreRules.JoinSaes(request.SlaveSaes);
        try
        {
            for (int i = 0; i < request.Count; i++)
            {
                allocations[i] = new KeyAllocation(KeyId.New(), ranges[i].Block.Id, ranges[i].Offset, lengthBytes);
            }

            store.InsertKeys(cipher, allocations, request.Link, request.MasterSae, slaves, expiresAt, request.Scope == KeyDeliveryScope.Local ? material : null);
            store.AppendAudit(AuditEventKind.Reserve, request.Link.Value, string.Create(CultureInfo.InvariantCulture,
                $"master={request.MasterSae};slaves={slaves};scope={request.Scope};expires={expiresAt.ToUnixTimeMilliseconds()};keys={KeyStoreRules.DescribeKeys(allocations)}"));
            for (int i = 0; i < request.Count; i++)
            {
                keys.Add(new DeliveredKey(allocations[i].KeyId, KeyMaterial.TakeOwnership(material[i])));
            }
        }
        catch
        {
            foreach (byte[] bytes in material)
            {
                CryptographicOperations.ZeroMemory(bytes);
            }

            throw;
        }

        pool.Compact();
        var descriptor = new ReservationDescriptor(request.Link, request.MasterSae, [.. request.SlaveSaes], expiresAt, allocations);
        return Result<Reservation, KeyStoreFailure>.Ok(new Reservation(keys, descriptor));
    }

    public static Result<int, KeyStoreFailure> Import(IKeyRowStore store, ReservationDescriptor reservation)
    {
        if (store.Cipher is not { } cipher)
        {
            return SealedFailure<int>();
        }

        if (store.FindExistingKey(reservation.Keys) is { } existing)
        {
            return Result<int, KeyStoreFailure>.Fail(new KeyStoreFailure(KeyStoreError.DuplicateKeyId, $"Key {existing} exists already."));
        }

        LinkPool pool = store.PoolOf(reservation.Link);
        var ranges = new List<(KeyBlock Block, int Offset, int Length)>(reservation.Keys.Count);
        foreach (KeyAllocation key in reservation.Keys)
        {
            KeyBlock? block = pool.Find(key.Block);
            KeyStoreError? error = block is null
                ? pool.WasIngested(key.Block) ? KeyStoreError.MaterialUnavailable : KeyStoreError.UnknownBlock
                : !block.InRange(key.OffsetBytes, key.LengthBytes) || !block.IsFree(key.OffsetBytes, key.LengthBytes) ? KeyStoreError.MaterialUnavailable
                : null;
            if (error is { } refused)
            {
                foreach ((KeyBlock taken, int at, int length) in ranges)
                {
                    pool.Unmark(taken, at, length);
                }

                return Result<int, KeyStoreFailure>.Fail(new KeyStoreFailure(refused, string.Create(CultureInfo.InvariantCulture,
                    $"Material {key.Block}:{key.OffsetBytes}+{key.LengthBytes} of link {reservation.Link} for key {key.KeyId} is unknown or already consumed.")));
            }

            pool.Mark(block!, key.OffsetBytes, key.LengthBytes);
            ranges.Add((block!, key.OffsetBytes, key.LengthBytes));
        }

        byte[][] material = StoreMaterial.TakeMaterial(store, cipher, pool, ranges);
        string slaves = KeyStoreRules.JoinSaes(reservation.SlaveSaes);
        // the peer's clock decides, but never beyond this node's own lifetime: a peer cannot pin keys here forever
        DateTimeOffset latest = store.Time.GetUtcNow() + store.ReservationLifetime;
        DateTimeOffset expiresAt = reservation.ExpiresAt < latest ? reservation.ExpiresAt : latest;
        try
        {
            store.InsertKeys(cipher, reservation.Keys, reservation.Link, reservation.MasterSae, slaves, expiresAt, material);
            store.AppendAudit(AuditEventKind.Import, reservation.Link.Value, string.Create(CultureInfo.InvariantCulture,
                $"master={reservation.MasterSae};slaves={slaves};expires={expiresAt.ToUnixTimeMilliseconds()};keys={KeyStoreRules.DescribeKeys(reservation.Keys)}"));
        }
        finally
        {
            foreach (byte[] bytes in material)
            {
                CryptographicOperations.ZeroMemory(bytes);
            }
        }

        pool.Compact();
        return Result<int, KeyStoreFailure>.Ok(material.Length);
    }

    // the key's identity and who may have it: a sealed key moved to another row, or a row whose SAEs were
    // edited, fails authentication
    public static ReadOnlySpan<byte> KeyAssociatedData(IChunkStore store, KeyId keyId, string link, string master, string slaves) =>
        store.AssociatedData.Start("key.v1").Add(keyId.ToBytes()).Add(link).Add(master).Add(slaves).WrittenSpan;
}
