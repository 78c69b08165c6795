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

    /// <summary>Backs the map up to every server as generation <see cref="ObjectMap.Generation"/> + 1; on success the old generation is deleted.</summary>
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
            ServerCall<long>[] results = await Task.WhenAll(servers.Select((server, j) =>
            {
                byte[] payload = [.. shares[j].Data, .. Tag(root.Span, server.Server, generation, shares[j].Data)];
                using var sealedShare = new SecretShare(shares[j].X, payload);
                return PutShareAsync(server, MapShareId(root.Span, server.Server, generation), sealedShare, cancellationToken);
            })).ConfigureAwait(false);
            int stored = results.Count(r => r.IsOk);
            if (stored < k)
            {
                return Result<int>.Fail($"only {stored} of {n} servers took the map backup (k = {k} needed); the previous generation is kept.");
            }

            map.Generation = generation;
            if (generation > 1)
            {
                await Task.WhenAll(servers.Select(s => s.DeleteAsync(MapShareId(root.Span, s.Server, generation - 1), CancellationToken.None))).ConfigureAwait(false);
            }

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

    /// <summary>Restores the newest map backup k servers hold, from the root key alone; a server whose share fails its tag is left out.</summary>
    public async Task<Result<ObjectMap>> RestoreMapAsync(ReadOnlyMemory<byte> root, long maxGeneration = 1_000_000, CancellationToken cancellationToken = default)
    {
        int n = servers.Count, k = (n / 2) + 1;
        var listed = await Task.WhenAll(servers.Select(s => s.ListAsync(cancellationToken))).ConfigureAwait(false);
        var held = new Dictionary<long, List<(int Server, string Id, long Length)>>();
        for (int j = 0; j < n; j++)
        {
            if (!listed[j].IsOk)
            {
                continue;
            }

            var mine = listed[j].Value!.ToDictionary(s => s.Id, s => s.Length, StringComparer.Ordinal);
            for (long g = 1; g <= maxGeneration && mine.Count > 0; g++)
            {
                string id = MapShareId(root.Span, servers[j].Server, g);
                if (mine.Remove(id, out long length))
                {
                    (held.TryGetValue(g, out var list) ? list : held[g] = []).Add((j, id, length));
                }
            }
        }

        if (held.Where(h => h.Value.Count >= k).OrderByDescending(h => h.Key).Select(h => (KeyValuePair<long, List<(int, string, long)>>?)h).FirstOrDefault() is not { } newest)
        {
            return Result<ObjectMap>.Fail($"no map backup under this root key is held by k = {k} servers.");
        }

        var verified = new List<SecretShare>();
        try
        {
            foreach ((int j, string id, long length) in newest.Value)
            {
                (_, byte[]? bytes, _) = await FetchSealedAsync(servers[j].Server, id, length, cancellationToken).ConfigureAwait(false);
                if (bytes is null || bytes.Length < TagBytes)
                {
                    continue;
                }

                int at = bytes.Length - TagBytes;
                if (CryptographicOperations.FixedTimeEquals(bytes.AsSpan(at), Tag(root.Span, servers[j].Server, newest.Key, bytes.AsSpan(0, at))))
                {
                    verified.Add(new SecretShare((byte)(j + 1), bytes[..at]));
                }

                CryptographicOperations.ZeroMemory(bytes);
            }

            Result<byte[]> json = ShamirSharing.Combine(verified, k);
            if (!json.IsSuccess)
            {
                return Result<ObjectMap>.Fail($"the map backup of generation {newest.Key} could not be rebuilt: {json.Error}");
            }

            Result<ObjectMap> restored = ObjectMap.Deserialize(json.Value);
            CryptographicOperations.ZeroMemory(json.Value);
            return restored;
        }
        finally
        {
            foreach (SecretShare share in verified)
            {
                share.Dispose();
            }
        }
    }

    private static string MapShareId(ReadOnlySpan<byte> root, string server, long generation) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(root, Encoding.UTF8.GetBytes(FormattableString.Invariant($"map/{server}/{generation}"))).AsSpan(0, ShareId.Length / 2));

    private static byte[] Tag(ReadOnlySpan<byte> root, string server, long generation, ReadOnlySpan<byte> share)
    {
        byte[] label = Encoding.UTF8.GetBytes(FormattableString.Invariant($"map-tag/{server}/{generation}/"));
        byte[] message = [.. label, .. share];
        return HMACSHA256.HashData(root, message);
    }
}
