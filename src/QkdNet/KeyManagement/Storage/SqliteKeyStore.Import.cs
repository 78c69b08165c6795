using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Pools;

namespace QkdNet.KeyManagement.Storage;

public sealed partial class SqliteKeyStore
{
    /// <inheritdoc />
    public Task<KeyStoreResult<int>> ImportAsync(ReservationDescriptor reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        if (CheckImport(reservation) is { } invalid)
        {
            return Task.FromResult(KeyStoreResult<int>.Failure(KeyStoreError.InvalidRequest, invalid));
        }

        return Enqueue(() => Import(reservation), null, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>One request, so the block and the keys are always made durable in the same commit.</remarks>
    public Task<KeyStoreResult<int>> IngestAndImportAsync(
        LinkId link, BlockId block, ReadOnlyMemory<byte> material, ReservationDescriptor reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        if ((CheckBlock(link, block, material) ?? CheckImport(reservation)) is { } invalid)
        {
            return Task.FromResult(KeyStoreResult<int>.Failure(KeyStoreError.InvalidRequest, invalid));
        }

        return Enqueue(() =>
        {
            KeyStoreResult<PoolStatus> ingested = Ingest(link, block, material.Span);
            return ingested.IsSuccess ? Import(reservation) : ingested.Cast<int>();
        }, null, cancellationToken);
    }

    private KeyStoreResult<int> Import(ReservationDescriptor reservation)
    {
        if (_cipher is not { } cipher)
        {
            return SealedFailure<int>();
        }

        foreach (KeyAllocation key in reservation.Keys)
        {
            if (KeyExists(key.KeyId))
            {
                return KeyStoreResult<int>.Failure(KeyStoreError.DuplicateKeyId, $"Key {key.KeyId} exists already.");
            }
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
        string slaves = JoinSaes(reservation.SlaveSaes);
        // the peer's clock decides, but never beyond this node's own lifetime: a peer cannot pin keys here forever
        DateTimeOffset latest = _time.GetUtcNow() + _options.ReservationLifetime;
        DateTimeOffset expiresAt = reservation.ExpiresAt < latest ? reservation.ExpiresAt : latest;
        try
        {
            for (int i = 0; i < material.Length; i++)
            {
                InsertKey(cipher, reservation.Keys[i].KeyId, reservation.Link, reservation.MasterSae, slaves, expiresAt, material[i]);
            }

            AppendAudit(AuditEventKind.Import, reservation.Link.Value, string.Create(CultureInfo.InvariantCulture,
                $"master={reservation.MasterSae};slaves={slaves};expires={expiresAt.ToUnixTimeMilliseconds()};keys={DescribeKeys(reservation.Keys)}"));
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

    private string? CheckImport(ReservationDescriptor reservation)
    {
        string? invalid = CheckSaes(reservation.MasterSae, reservation.SlaveSaes) ?? CheckCount(reservation.Keys?.Count ?? 0)
            ?? (reservation.Link == default ? "A reservation needs a link." : null);
        if (invalid is null)
        {
            var ids = new HashSet<KeyId>();
            foreach (KeyAllocation key in reservation.Keys!)
            {
                if (key.KeyId == default || !ids.Add(key.KeyId) || CheckSizeBits(key.LengthBytes * 8) is not null)
                {
                    invalid = "Key IDs must be distinct and every key size valid.";
                }
            }
        }

        return invalid;
    }

    private bool KeyExists(KeyId keyId)
    {
        SqliteCommand command = Command("SELECT 1 FROM keys WHERE key_id = $id;");
        command.Parameters.AddWithValue("$id", keyId.ToBytes());
        return command.ExecuteScalar() is not null;
    }
}
