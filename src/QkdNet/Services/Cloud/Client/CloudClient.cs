using System.Security.Cryptography;
using QkdNet.KeyManagement;
using QkdNet.PostProcessing.Authentication;
using QkdNet.Primitives.SecretSharing;
using QkdNet.Services.Cloud.Integrity;
using QkdNet.Services.Cloud.Server;
using QkdNet.Services.Cloud.Storage;
using QkdNet.Services.Cloud.Transport;

namespace QkdNet.Services.Cloud.Client;

/// <summary>
/// The owner's side of the secure cloud (Fujiwara et al., Sci. Rep. 6, 28988 (2016)): splits an object into Shamir
/// shares, sends each to its data server sealed under QKD keys (<see cref="ShareCipher"/>) under a fresh random ID,
/// keeps the map (IDs, points, MAC keys and tags) on the owner's side, rebuilds from any k shares that pass their MAC,
/// re-randomises shares with shares of zero, and deletes. Expected failures are values in the reports or
/// <see cref="Result{T}"/> errors. One operation at a time (the map is not thread-safe).
/// </summary>
public sealed partial class CloudClient(QkdKeySource keys, IReadOnlyList<ShareServerConnection> servers, ObjectMap map, ShareProtectionSettings protection, TimeProvider time)
{
    /// <summary>
    /// Secret bytes per segment of a put's split (1 MiB: the default AES-GCM segment, so each split segment is sealed
    /// whole with no copy; its share, coefficients and sealed copy stay within the L2 cache's reach).
    /// </summary>
    private const int SplitSegmentBytes = 1 << 20;

    /// <summary>The owner's map (the caller saves it after each change).</summary>
    public ObjectMap Map => map;

    /// <summary>QKD key used so far, in bits.</summary>
    public long KeyBitsUsed => keys.BitsUsed;

    /// <summary>
    /// Stores <paramref name="data"/> as <paramref name="shareCount"/> shares on the first servers, any
    /// <paramref name="threshold"/> rebuilding it. When fewer than <paramref name="minServers"/> (default n) take
    /// their share, every share stored is deleted again and the put fails: never a half-written object.
    /// </summary>
    public async Task<Result<PutReport>> PutAsync(string name, ReadOnlyMemory<byte> data, int threshold, int shareCount, int? minServers = null, CancellationToken cancellationToken = default)
    {
        if (ShamirSharing.CheckParameters(threshold, shareCount) is { } problem)
        {
            return Result<PutReport>.Fail(problem);
        }

        if (shareCount > servers.Count)
        {
            return Result<PutReport>.Fail($"n = {shareCount} shares need {shareCount} servers; the configuration names {servers.Count}.");
        }

        int needed = minServers ?? shareCount;
        if (needed < threshold || needed > shareCount)
        {
            return Result<PutReport>.Fail($"--min-servers must be from k = {threshold} to n = {shareCount} ({needed} given).");
        }

        long before = keys.BitsUsed;
        // MAC keys: QKD keys whose IDs are never sent anywhere, so no server's KME is ever asked for them
        Result<(string[] Ids, byte[] Bytes)> macKeys = await keys.FetchAsync(SaeId.Create(servers[0].Server), shareCount, ShareMac.KeyBytes * 8, cancellationToken).ConfigureAwait(false);
        if (!macKeys.IsSuccess)
        {
            return Result<PutReport>.Fail(macKeys.Error!);
        }

        // the n shares are split out segment by segment as their uploads ask for them, each upload on its own, the MAC and
        // the seal applied while a segment is in the cache: no share is ever held whole (SplitShareContent)
        using var split = new SegmentedShamirSplit(threshold, SplitSegmentBytes);
        byte[][] macKeyOf = [.. Enumerable.Range(0, shareCount).Select(j => macKeys.Value.Bytes.AsSpan(j * ShareMac.KeyBytes, ShareMac.KeyBytes).ToArray())];
        CryptographicOperations.ZeroMemory(macKeys.Value.Bytes);
        string[] shareIds = [.. Enumerable.Range(0, shareCount).Select(_ => ShareId.New().Value)];
        var uploads = await Task.WhenAll(Enumerable.Range(0, shareCount).Select(j => PutShareAsync(servers[j], shareIds[j], split, (byte)(j + 1), data, macKeyOf[j], cancellationToken))).ConfigureAwait(false);
        var placed = new PlacedShare?[shareCount];
        for (int j = 0; j < shareCount; j++)
        {
            if (uploads[j].Call.IsOk)
            {
                placed[j] = new PlacedShare { Server = servers[j].Server, ShareId = shareIds[j], X = (byte)(j + 1), Version = 1, MacKey = macKeyOf[j], Tag = uploads[j].Tag!.Value };
            }
            else
            {
                CryptographicOperations.ZeroMemory(macKeyOf[j]);
            }
        }

        var failed = uploads.Select((u, j) => (u.Call, j)).Where(x => !x.Call.IsOk).Select(x => new ServerAnswer(servers[x.j].Server, Verdict(x.Call), x.Call.Reason)).ToList();
        if (shareCount - failed.Count < needed)
        {
            // roll back: a put either completes or stores nothing
            await Task.WhenAll(placed.OfType<PlacedShare>().Select(p => Connection(p.Server)!.DeleteAsync(p.ShareId, CancellationToken.None))).ConfigureAwait(false);
            foreach (PlacedShare p in placed.OfType<PlacedShare>())
            {
                CryptographicOperations.ZeroMemory(p.MacKey);
            }

            return Result<PutReport>.Fail($"only {shareCount - failed.Count} of {shareCount} servers took their share (at least {needed} needed); nothing was stored. "
                + string.Join(" ", failed.Select(f => $"{f.Server}: {f.Reason}")));
        }

        var cloudObject = new CloudObject
        {
            Id = ShareId.New().Value, Name = name, Length = data.Length, Threshold = threshold, CreatedAt = time.GetUtcNow(),
            Shares = [.. placed.OfType<PlacedShare>()],
        };
        map.Set(cloudObject);
        return new PutReport(cloudObject.Id, data.Length, threshold, [.. cloudObject.Shares.Select(s => s.Server)], failed, keys.BitsUsed - before);
    }

    private async Task<(ServerCall<long> Call, ulong? Tag)> PutShareAsync(ShareServerConnection server, string shareId, SegmentedShamirSplit split, byte x,
        ReadOnlyMemory<byte> data, byte[] macKey, CancellationToken cancellationToken)
    {
        ShareProtectionPlan plan = ShareProtectionPlan.For(data.Length, protection);
        Result<(string[] Ids, byte[] Bytes)> fetched = await keys.FetchAsync(SaeId.Create(server.Server), plan, cancellationToken).ConfigureAwait(false);
        if (!fetched.IsSuccess)
        {
            return (ServerCall<long>.Fail(ServerCallOutcome.Unreachable, null, fetched.Error!), null);
        }

        _ = ShareId.TryParse(shareId, out ShareId id);
        using var body = new SplitShareContent(split, x, data, plan, fetched.Value.Bytes, ShareService.Context(server.Server, id, "put", 0), macKey, version: 1);
        CryptographicOperations.ZeroMemory(fetched.Value.Bytes);
        ServerCall<long> call = await server.PutAsync(shareId, new SealedPayload(body, plan, fetched.Value.Ids), cancellationToken).ConfigureAwait(false);
        // a server that took the share was sent all of it, and the tag is set before its last segment goes out; were it
        // not, the share could never be checked: it is taken back and counted as not stored
        if (call.IsOk && body.Tag is null)
        {
            await server.DeleteAsync(shareId, CancellationToken.None).ConfigureAwait(false);
            return (ServerCall<long>.Fail(ServerCallOutcome.Garbage, null, "the server answered before the whole share was sent."), null);
        }

        return (call, body.Tag);
    }

    /// <summary>Puts a share held whole (a map backup's), sealed as it is sent.</summary>
    private async Task<ServerCall<long>> PutShareAsync(ShareServerConnection server, string shareId, SecretShare share, CancellationToken cancellationToken)
    {
        ShareProtectionPlan plan = ShareProtectionPlan.For(share.Length, protection);
        Result<(string[] Ids, byte[] Bytes)> fetched = await keys.FetchAsync(SaeId.Create(server.Server), plan, cancellationToken).ConfigureAwait(false);
        if (!fetched.IsSuccess)
        {
            return ServerCall<long>.Fail(ServerCallOutcome.Unreachable, null, fetched.Error!);
        }

        _ = ShareId.TryParse(shareId, out ShareId id);
        var body = new SealedShareContent(plan, fetched.Value.Bytes, ShareService.Context(server.Server, id, "put", 0), share.Memory);
        CryptographicOperations.ZeroMemory(fetched.Value.Bytes);
        return await server.PutAsync(shareId, new SealedPayload(body, plan, fetched.Value.Ids), cancellationToken).ConfigureAwait(false);
    }

    private ShareServerConnection? Connection(string server) => servers.FirstOrDefault(s => string.Equals(s.Server, server, StringComparison.Ordinal));

    private static ShareVerdict Verdict<T>(ServerCall<T> call) => call.Outcome switch
    {
        ServerCallOutcome.Unreachable => ShareVerdict.Unreachable,
        ServerCallOutcome.Refused => ShareVerdict.Refused,
        _ => ShareVerdict.Lied,
    };
}
