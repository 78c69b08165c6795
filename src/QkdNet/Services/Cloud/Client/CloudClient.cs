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
        // the shares are written in place (no zeroing of 5 x 100 MB first), then streamed out sealed, segment by segment
        byte[][] buffers = [.. Enumerable.Range(0, shareCount).Select(_ => GC.AllocateUninitializedArray<byte>(data.Length))];
        SecretShare[] shares = [.. buffers.Select((b, j) => new SecretShare((byte)(j + 1), b))];
        try
        {
            // MAC keys: QKD keys whose IDs are never sent anywhere, so no server's KME is ever asked for them
            Result<(string[] Ids, byte[] Bytes)> macKeys = await keys.FetchAsync(SaeId.Create(servers[0].Server), shareCount, ShareMac.KeyBytes * 8, cancellationToken).ConfigureAwait(false);
            if (!macKeys.IsSuccess)
            {
                return Result<PutReport>.Fail(macKeys.Error!);
            }

            if (ShamirSharing.SplitInto(data.Span, threshold, buffers) is { } splitProblem)
            {
                CryptographicOperations.ZeroMemory(macKeys.Value.Bytes);
                return Result<PutReport>.Fail(splitProblem);
            }

            var placed = new PlacedShare[shareCount];
            byte[] macKeyBytes = macKeys.Value.Bytes;
            // the tags hash n whole shares: one share per core at a time
            Parallel.For(0, shareCount, j =>
            {
                byte[] macKey = macKeyBytes.AsSpan(j * ShareMac.KeyBytes, ShareMac.KeyBytes).ToArray();
                placed[j] = new PlacedShare
                {
                    Server = servers[j].Server, ShareId = ShareId.New().Value, X = shares[j].X, Version = 1, MacKey = macKey, Tag = ShareMac.Tag(macKey, shares[j].Data, 1),
                };
            });

            CryptographicOperations.ZeroMemory(macKeys.Value.Bytes);
            ServerCall<long>[] results = await Task.WhenAll(placed.Select((p, j) => PutShareAsync(servers[j], p.ShareId, shares[j], cancellationToken))).ConfigureAwait(false);
            var failed = results.Select((r, j) => (r, j)).Where(x => !x.r.IsOk).Select(x => new ServerAnswer(servers[x.j].Server, Verdict(x.r), x.r.Reason)).ToList();
            if (shareCount - failed.Count < needed)
            {
                // roll back: a put either completes or stores nothing
                await Task.WhenAll(placed.Where((_, j) => results[j].IsOk).Select((p) => Connection(p.Server)!.DeleteAsync(p.ShareId, CancellationToken.None))).ConfigureAwait(false);
                return Result<PutReport>.Fail($"only {shareCount - failed.Count} of {shareCount} servers took their share (at least {needed} needed); nothing was stored. "
                    + string.Join(" ", failed.Select(f => $"{f.Server}: {f.Reason}")));
            }

            var cloudObject = new CloudObject
            {
                Id = ShareId.New().Value, Name = name, Length = data.Length, Threshold = threshold, CreatedAt = time.GetUtcNow(),
                Shares = [.. placed.Where((_, j) => results[j].IsOk)],
            };
            map.Set(cloudObject);
            return new PutReport(cloudObject.Id, data.Length, threshold, [.. cloudObject.Shares.Select(s => s.Server)], failed, keys.BitsUsed - before);
        }
        finally
        {
            foreach (SecretShare share in shares)
            {
                share.Dispose();
            }
        }
    }

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
