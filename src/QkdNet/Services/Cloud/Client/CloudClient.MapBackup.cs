using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using QkdNet.Primitives.SecretSharing;
using QkdNet.Services.Cloud.Storage;

namespace QkdNet.Services.Cloud.Client;

/// <summary>
/// The owner's map, itself secret-shared across the servers (issue 12, section 2): after a change the map is split
/// ⌊n/2⌋+1-of-n and each share is put like any other, under an identifier only the owner can compute,
/// HMAC-SHA256(root, "map/SERVER/GENERATION") (RFC 2104) truncated to 128 bits, and followed by its HMAC tag under the
/// same root key; the previous generation is then deleted. To restore, the owner lists its shares on each server,
/// finds the newest generation k servers hold, checks each tag and combines. The 32-byte root key is all the owner must
/// keep: the value the password scheme of section 4 restores.
/// </summary>
/// <remarks>
/// The map shares' integrity is computational (HMAC), unlike the objects' information-theoretic tags: their tags are
/// stored on the servers themselves, so a Wegman-Carter key would need a fresh pad per generation that only the root
/// key could give.
/// </remarks>
public sealed partial class CloudClient
{
    /// <summary>Bytes of the owner's root key.</summary>
    public const int RootKeyBytes = 32;

    private const int TagBytes = 32;

    /// <summary>Backs the map up to every server as generation <see cref="ObjectMap.Generation"/> + 1.</summary>
    public async Task<Result<int>> BackupMapAsync(ReadOnlyMemory<byte> root, CancellationToken cancellationToken = default)
    {
        int n = servers.Count, k = (n / 2) + 1;
        if (n < 2)
        {
            return Result<int>.Fail("a map backup needs at least two servers.");
        }

        long generation = map.Generation + 1;
        byte[] json = map.Serialize();
        SecretShare[] shares = ShamirSharing.Split(json, k, n).Value;
        CryptographicOperations.ZeroMemory(json);
        try
        {
            ServerCall<long>[] results = await Task.WhenAll(servers.Select(async (server, j) =>
            {
                string id = MapShareId(root.Span, server.Server, generation % 2);
                // the slot holds generation g - 2, superseded by g - 1 in the other slot
                await server.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
                byte[] generationBytes = new byte[8];
                BinaryPrimitives.WriteInt64BigEndian(generationBytes, generation);
                byte[] body = [.. generationBytes, .. shares[j].Data];
                using var payload = new SecretShare(shares[j].X, [.. body, .. Tag(root.Span, server.Server, body)]);
                CryptographicOperations.ZeroMemory(body);
                return await PutShareAsync(server, id, payload, cancellationToken).ConfigureAwait(false);
            })).ConfigureAwait(false);
            int stored = results.Count(r => r.IsOk);
            if (stored < k)
            {
                return Result<int>.Fail($"only {stored} of {n} servers took the map backup (k = {k} needed); the previous generation is kept.");
            }

            map.Generation = generation;
            return stored;
        }
        finally
        {
            foreach (SecretShare share in shares)
            {
                share.Dispose();
            }
        }
    }

    /// <summary>Restores the newest map backup k servers hold, from the root key alone; a share that fails its tag is left out.</summary>
    public async Task<Result<ObjectMap>> RestoreMapAsync(ReadOnlyMemory<byte> root, CancellationToken cancellationToken = default)
    {
        int n = servers.Count, k = (n / 2) + 1;
        byte[] key = root.ToArray();
        var listed = await Task.WhenAll(servers.Select(s => s.ListAsync(cancellationToken))).ConfigureAwait(false);
        var found = new List<(long Generation, SecretShare Share)>();
        try
        {
            for (int j = 0; j < n; j++)
            {
                if (listed[j] is not { IsOk: true, Value: { } shares })
                {
                    continue;
                }

                foreach ((string id, long length) in shares.Where(s => s.Id == MapShareId(key, servers[j].Server, 0) || s.Id == MapShareId(key, servers[j].Server, 1)))
                {
                    (_, byte[]? bytes, _) = await FetchSealedAsync(servers[j].Server, id, length, cancellationToken).ConfigureAwait(false);
                    if (bytes is { Length: > 8 + TagBytes })
                    {
                        int at = bytes.Length - TagBytes;
                        if (CryptographicOperations.FixedTimeEquals(bytes.AsSpan(at), Tag(key, servers[j].Server, bytes.AsSpan(0, at))))
                        {
                            found.Add((BinaryPrimitives.ReadInt64BigEndian(bytes), new SecretShare((byte)(j + 1), bytes[8..at])));
                        }

                        CryptographicOperations.ZeroMemory(bytes);
                    }
                }
            }

            if (found.GroupBy(f => f.Generation).Where(g => g.Count() >= k).OrderByDescending(g => g.Key).FirstOrDefault() is not { } newest)
            {
                return Result<ObjectMap>.Fail($"no map backup under this root key is held, intact, by k = {k} servers.");
            }

            Result<byte[]> json = ShamirSharing.Combine([.. newest.Select(f => f.Share)], k);
            if (!json.IsSuccess)
            {
                return Result<ObjectMap>.Fail($"the map backup of generation {newest.Key} could not be rebuilt: {json.Error}");
            }

            Result<ObjectMap> restored = ObjectMap.Deserialize(json.Value);
            CryptographicOperations.ZeroMemory(json.Value);
            if (restored.IsSuccess)
            {
                restored.Value.Generation = newest.Key;
            }

            return restored;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            foreach ((_, SecretShare share) in found)
            {
                share.Dispose();
            }
        }
    }

    private static string MapShareId(ReadOnlySpan<byte> root, string server, long slot) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(root, Encoding.UTF8.GetBytes(FormattableString.Invariant($"map/{server}/{slot}"))).AsSpan(0, ShareId.Length / 2));

    private static byte[] Tag(ReadOnlySpan<byte> root, string server, ReadOnlySpan<byte> body)
    {
        byte[] message = [.. Encoding.UTF8.GetBytes($"map-tag/{server}/"), .. body];
        return HMACSHA256.HashData(root, message);
    }
}
