using System.Globalization;
using System.Security.Cryptography;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Encryption;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Storage.Postgres;

public sealed partial class PostgresKeyStore
{
    /// <inheritdoc />
    public Task<KeyStoreResult<Reservation>> ReserveAsync(ReserveRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? invalid = KeyStoreRules.CheckSaes(request.MasterSae, request.SlaveSaes, _options.MaxSlavesPerKey)
            ?? KeyStoreRules.CheckCount(request.Count, _options.MaxKeysPerRequest)
            ?? KeyStoreRules.CheckSizeBits(request.SizeBits, _options.MaxKeySizeBits)
            ?? (request.Link == default ? "A reservation needs a link." : null);
        if (invalid is not null)
        {
            return Task.FromResult(KeyStoreResult<Reservation>.Failure(KeyStoreError.InvalidRequest, invalid));
        }

        return Enqueue(() => Reserve(request), DisposeKeys, cancellationToken);
    }

    private static void DisposeKeys(KeyStoreResult<Reservation> result)
    {
        foreach (DeliveredKey key in result.Value?.Keys ?? [])
        {
            key.Material.Dispose();
        }
    }

    private KeyStoreResult<Reservation> Reserve(ReserveRequest request)
    {
        if (_cipher is not { } cipher)
        {
            return SealedFailure<Reservation>();
        }

        LinkPool pool = PoolOf(request.Link);
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

                return KeyStoreResult<Reservation>.Failure(KeyStoreError.InsufficientKeyMaterial,
                    string.Create(CultureInfo.InvariantCulture, $"Link {request.Link} has {pool.AvailableBytes * 8} bits, too few for {request.Count} keys of {request.SizeBits} bits."));
            }

            ranges.Add((block, offset, lengthBytes));
        }

        byte[][] material = StoreMaterial.TakeMaterial(this, cipher, pool, ranges);
        var keys = new List<DeliveredKey>(request.Count);
        var allocations = new KeyAllocation[request.Count];
        DateTimeOffset expiresAt = _time.GetUtcNow() + _options.ReservationLifetime;
        string slaves = KeyStoreRules.JoinSaes(request.SlaveSaes);
        try
        {
            for (int i = 0; i < request.Count; i++)
            {
                allocations[i] = new KeyAllocation(KeyId.New(), ranges[i].Block.Id, ranges[i].Offset, lengthBytes);
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
        return KeyStoreResult<Reservation>.Success(new Reservation(keys, descriptor));
    }

    /// <summary>
    /// Inserts the key rows in one statement; <paramref name="material"/> null keeps bookkeeping only (the peer
    /// serves the slaves), else one sealed copy per key.
    /// </summary>
    private void InsertKeys(RowCipher cipher, IReadOnlyList<KeyAllocation> keys, LinkId link, SaeId master, string slaves, DateTimeOffset expiresAt, byte[][]? material)
    {
        var ids = new Guid[keys.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = keys[i].KeyId.Value;
        }

        if (material is null)
        {
            Defer("INSERT INTO keys(key_id, link, master, slaves, pending, expires_at, sealed) SELECT k, @link, @master, @slaves, @slaves, @expires, NULL FROM unnest(@ids) AS t(k);")
                .With("link", link.Value).With("master", master.Value).With("slaves", slaves).With("expires", expiresAt.ToUnixTimeMilliseconds()).With("ids", ids);
            return;
        }

        var sealedKeys = new byte[keys.Count][];
        for (int i = 0; i < sealedKeys.Length; i++)
        {
            sealedKeys[i] = cipher.Seal(material[i], KeyAssociatedData(keys[i].KeyId, link.Value, master.Value, slaves));
        }

        Defer("INSERT INTO keys(key_id, link, master, slaves, pending, expires_at, sealed) SELECT k, @link, @master, @slaves, @slaves, @expires, s FROM unnest(@ids, @sealed) AS t(k, s);")
            .With("link", link.Value).With("master", master.Value).With("slaves", slaves).With("expires", expiresAt.ToUnixTimeMilliseconds())
            .With("ids", ids).With("sealed", sealedKeys);
    }
}
