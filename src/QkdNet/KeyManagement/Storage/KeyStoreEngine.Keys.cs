using System.Globalization;
using System.Security.Cryptography;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Encryption;
using QkdNet.KeyManagement.Pools;

namespace QkdNet.KeyManagement.Storage;

// Reserving and importing keys: request checks, allocation from the pool, material, key rows and audit.
public partial class KeyStoreEngine
{
    /// <inheritdoc />
    public Task<Result<Reservation, KeyStoreFailure>> ReserveAsync(ReserveRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CheckReserve(request) is { } invalid
            ? Task.FromResult(Invalid<Reservation>(invalid))
            : Enqueue(() => Reserve(request), DisposeKeys, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Result<int, KeyStoreFailure>> ImportAsync(ReservationDescriptor reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        return CheckImport(reservation) is { } invalid
            ? Task.FromResult(Invalid<int>(invalid))
            : Enqueue(() => Import(reservation), null, cancellationToken);
    }

    private string? CheckReserve(ReserveRequest request) =>
        KeyStoreRules.CheckSaes(request.MasterSae, request.SlaveSaes, MaxSlavesPerKey)
            ?? KeyStoreRules.CheckCount(request.Count, MaxKeysPerRequest)
            ?? KeyStoreRules.CheckSizeBits(request.SizeBits, MaxKeySizeBits)
            ?? (request.Link == default ? "A reservation needs a link." : null);

    private string? CheckImport(ReservationDescriptor reservation)
    {
        string? invalid = KeyStoreRules.CheckSaes(reservation.MasterSae, reservation.SlaveSaes, MaxSlavesPerKey)
            ?? KeyStoreRules.CheckCount(reservation.Keys?.Count ?? 0, MaxKeysPerRequest)
            ?? (reservation.Link == default ? "A reservation needs a link." : null);
        if (invalid is null)
        {
            var ids = new HashSet<KeyId>();
            foreach (KeyAllocation key in reservation.Keys!)
            {
                if (key.KeyId == default || !ids.Add(key.KeyId) || KeyStoreRules.CheckSizeBits(key.LengthBytes * 8, MaxKeySizeBits) is not null)
                {
                    invalid = "Key IDs must be distinct and every key size valid.";
                }
            }
        }

        return invalid;
    }

    /// <summary>Undoes a reservation that rolled back: zeroes the keys it handed out.</summary>
    private static void DisposeKeys(Result<Reservation, KeyStoreFailure> result)
    {
        foreach (DeliveredKey key in result.TryGetValue(out Reservation? reservation) ? reservation.Keys : [])
        {
            key.Material.Dispose();
        }
    }

    private Result<Reservation, KeyStoreFailure> Reserve(ReserveRequest request)
    {
        if (_cipher is not { } cipher)
        {
            return SealedFailure<Reservation>();
        }

        LinkPool pool = _pools.Of(request.Link);
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

                return new KeyStoreFailure(KeyStoreError.InsufficientKeyMaterial,
                    string.Create(CultureInfo.InvariantCulture, $"Link {request.Link} has {pool.AvailableBytes * 8} bits, too few for {request.Count} keys of {request.SizeBits} bits."));
            }

            ranges.Add((block, offset, lengthBytes));
        }

        byte[][] material = TakeMaterial(cipher, pool, ranges);
        var keys = new List<DeliveredKey>(request.Count);
        var allocations = new KeyAllocation[request.Count];
        DateTimeOffset now = _time.GetUtcNow();
        DateTimeOffset expiresAt = now + _options.ReservationLifetime;
        string slaves = KeyStoreRules.JoinSaes(request.SlaveSaes);
        try
        {
            // time-ordered, so the key rows of a request (and of the next ones) share index pages at both stores
            var ids = new KeyId[request.Count];
            KeyId.NewTimeOrdered(now, ids);
            for (int i = 0; i < request.Count; i++)
            {
                allocations[i] = new KeyAllocation(ids[i], ranges[i].Block.Id, ranges[i].Offset, lengthBytes);
            }

            InsertKeys(cipher, allocations, request.Link, request.MasterSae, slaves, expiresAt, request.Scope == KeyDeliveryScope.Local ? material : null);
            AppendAudit(AuditEventKind.Reserve, request.Link.Value, string.Create(CultureInfo.InvariantCulture,
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
        return new Reservation(keys, descriptor);
    }

    private Result<int, KeyStoreFailure> Import(ReservationDescriptor reservation)
    {
        if (_cipher is not { } cipher)
        {
            return SealedFailure<int>();
        }

        if (_backend.FindExistingKey([.. reservation.Keys.Select(k => k.KeyId)]) is { } existing)
        {
            return new KeyStoreFailure(KeyStoreError.DuplicateKeyId, $"Key {existing} exists already.");
        }

        LinkPool pool = _pools.Of(reservation.Link);
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

                return new KeyStoreFailure(refused, string.Create(CultureInfo.InvariantCulture,
                    $"Material {key.Block}:{key.OffsetBytes}+{key.LengthBytes} of link {reservation.Link} for key {key.KeyId} is unknown or already consumed."));
            }

            pool.Mark(block!, key.OffsetBytes, key.LengthBytes);
            ranges.Add((block!, key.OffsetBytes, key.LengthBytes));
        }

        byte[][] material = TakeMaterial(cipher, pool, ranges);
        string slaves = KeyStoreRules.JoinSaes(reservation.SlaveSaes);
        // the peer's clock decides, but never beyond this node's own lifetime: a peer cannot pin keys here forever
        DateTimeOffset latest = _time.GetUtcNow() + _options.ReservationLifetime;
        DateTimeOffset expiresAt = reservation.ExpiresAt < latest ? reservation.ExpiresAt : latest;
        try
        {
            InsertKeys(cipher, reservation.Keys, reservation.Link, reservation.MasterSae, slaves, expiresAt, material);
            AppendAudit(AuditEventKind.Import, reservation.Link.Value, string.Create(CultureInfo.InvariantCulture,
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
        return material.Length;
    }

    /// <summary>
    /// Inserts the key rows; <paramref name="material"/> null keeps bookkeeping only (the peer serves the slaves), else one
    /// copy per key, sealed with <see cref="KeyAssociatedData"/>.
    /// </summary>
    private void InsertKeys(RowCipher cipher, IReadOnlyList<KeyAllocation> keys, LinkId link, SaeId master, string slaves, DateTimeOffset expiresAt, byte[][]? material)
    {
        var ids = new KeyId[keys.Count];
        byte[][]? sealedKeys = material is null ? null : new byte[keys.Count][];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = keys[i].KeyId;
            if (sealedKeys is not null)
            {
                sealedKeys[i] = cipher.Seal(material![i], KeyAssociatedData(ids[i], link.Value, master.Value, slaves));
            }
        }

        _backend.InsertKeys(ids, link, master, slaves, expiresAt.ToUnixTimeMilliseconds(), sealedKeys);
    }

    // the key's identity and who may have it: a sealed key moved to another row, or a row whose SAEs were
    // edited, fails authentication
    private ReadOnlySpan<byte> KeyAssociatedData(KeyId keyId, string link, string master, string slaves) =>
        _associatedData.Start("key.v1").Add(keyId.ToBytes()).Add(link).Add(master).Add(slaves).WrittenSpan;
}
