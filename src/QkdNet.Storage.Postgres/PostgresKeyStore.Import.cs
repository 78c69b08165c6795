using System.Globalization;
using System.Security.Cryptography;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Storage.Postgres;

public sealed partial class PostgresKeyStore
{
    /// <inheritdoc />
    public Task<KeyStoreResult<int>> ImportAsync(ReservationDescriptor reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        string? invalid = KeyStoreRules.CheckSaes(reservation.MasterSae, reservation.SlaveSaes, _options.MaxSlavesPerKey)
            ?? KeyStoreRules.CheckCount(reservation.Keys?.Count ?? 0, _options.MaxKeysPerRequest)
            ?? (reservation.Link == default ? "A reservation needs a link." : null);
        if (invalid is null)
        {
            var ids = new HashSet<KeyId>();
            foreach (KeyAllocation key in reservation.Keys!)
            {
                if (key.KeyId == default || !ids.Add(key.KeyId) || KeyStoreRules.CheckSizeBits(key.LengthBytes * 8, _options.MaxKeySizeBits) is not null)
                {
                    invalid = "Key IDs must be distinct and every key size valid.";
                }
            }
        }

        if (invalid is not null)
        {
            return Task.FromResult(KeyStoreResult<int>.Failure(KeyStoreError.InvalidRequest, invalid));
        }

        return Enqueue(() => Import(reservation), null, cancellationToken);
    }

    private KeyStoreResult<int> Import(ReservationDescriptor reservation)
    {
        if (_cipher is not { } cipher)
        {
            return SealedFailure<int>();
        }

        Guid[] ids = [.. reservation.Keys.Select(k => k.KeyId.Value)];
        if (Command("SELECT key_id FROM keys WHERE key_id = ANY(@ids) LIMIT 1;").With("ids", ids).ExecuteScalar() is Guid existing)
        {
            return KeyStoreResult<int>.Failure(KeyStoreError.DuplicateKeyId, $"Key {existing:D} exists already.");
        }

        LinkPool pool = PoolOf(reservation.Link);
        var ranges = new List<(KeyBlock Block, int Offset, int Length)>(reservation.Keys.Count);
        foreach (KeyAllocation key in reservation.Keys)
        {
            KeyBlock? block = pool.Find(key.Block);
            KeyStoreError error = block is null
                ? pool.WasIngested(key.Block) ? KeyStoreError.MaterialUnavailable : KeyStoreError.UnknownBlock
                : !block.InRange(key.OffsetBytes, key.LengthBytes) || !block.IsFree(key.OffsetBytes, key.LengthBytes) ? KeyStoreError.MaterialUnavailable
                : KeyStoreError.None;
            if (error != KeyStoreError.None)
            {
                foreach ((KeyBlock taken, int at, int length) in ranges)
                {
                    pool.Unmark(taken, at, length);
                }

                return KeyStoreResult<int>.Failure(error, string.Create(CultureInfo.InvariantCulture,
                    $"Material {key.Block}:{key.OffsetBytes}+{key.LengthBytes} of link {reservation.Link} for key {key.KeyId} is unknown or already consumed."));
            }

            pool.Mark(block!, key.OffsetBytes, key.LengthBytes);
            ranges.Add((block!, key.OffsetBytes, key.LengthBytes));
        }

        byte[][] material = StoreMaterial.TakeMaterial(this, cipher, pool, ranges);
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
        return KeyStoreResult<int>.Success(material.Length);
    }
}
