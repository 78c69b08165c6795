using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Encryption;
using QkdNet.KeyManagement.Pools;

namespace QkdNet.KeyManagement.Storage;

public sealed partial class SqliteKeyStore
{
    /// <inheritdoc />
    public Task<KeyStoreResult<Reservation>> ReserveAsync(ReserveRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (CheckReserve(request) is { } invalid)
        {
            return Task.FromResult(KeyStoreResult<Reservation>.Failure(KeyStoreError.InvalidRequest, invalid));
        }

        return Enqueue(() => Reserve(request), DisposeKeys, cancellationToken);
    }

    private string? CheckReserve(ReserveRequest request) =>
        CheckSaes(request.MasterSae, request.SlaveSaes) ?? CheckCount(request.Count) ?? CheckSizeBits(request.SizeBits)
            ?? (request.Link == default ? "A reservation needs a link." : null);

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
        string slaves = JoinSaes(request.SlaveSaes);
        try
        {
            for (int i = 0; i < request.Count; i++)
            {
                var keyId = KeyId.New();
                allocations[i] = new KeyAllocation(keyId, ranges[i].Block.Id, ranges[i].Offset, lengthBytes);
                InsertKey(cipher, keyId, request.Link, request.MasterSae, slaves, expiresAt, request.Scope == KeyDeliveryScope.Local ? material[i] : null);
                keys.Add(new DeliveredKey(keyId, KeyMaterial.TakeOwnership(material[i])));
            }

            AppendAudit(AuditEventKind.Reserve, request.Link.Value, string.Create(CultureInfo.InvariantCulture,
                $"master={request.MasterSae};slaves={slaves};scope={request.Scope};expires={expiresAt.ToUnixTimeMilliseconds()};keys={DescribeKeys(allocations)}"));
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

    /// <summary>Inserts a key row; <paramref name="material"/> null keeps bookkeeping only (the peer serves the slaves).</summary>
    private void InsertKey(RowCipher cipher, KeyId keyId, LinkId link, SaeId master, string slaves, DateTimeOffset expiresAt, byte[]? material)
    {
        byte[] id = keyId.ToBytes();
        SqliteCommand command = Command("INSERT INTO keys(key_id, link, master, slaves, pending, expires_at, sealed) VALUES ($id, $link, $master, $slaves, $slaves, $expires, $sealed);");
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$link", link.Value);
        command.Parameters.AddWithValue("$master", master.Value);
        command.Parameters.AddWithValue("$slaves", slaves);
        command.Parameters.AddWithValue("$expires", expiresAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$sealed", material is null ? DBNull.Value : cipher.Seal(material, KeyAssociatedData(id, link.Value, master.Value, slaves)));
        command.ExecuteNonQuery();
    }

    // the key's identity and who may have it: a sealed key moved to another row, or a row whose SAEs were
    // edited, fails authentication
    private ReadOnlySpan<byte> KeyAssociatedData(byte[] keyId, string link, string master, string slaves) =>
        _associatedData.Start("key.v1").Add(keyId).Add(link).Add(master).Add(slaves).WrittenSpan;
}
