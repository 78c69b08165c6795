using System.Security.Cryptography;
using QkdNet.KeyManagement;
using QkdNet.PostProcessing.Authentication;
using QkdNet.Primitives.SecretSharing;
using QkdNet.Services.Cloud.Integrity;
using QkdNet.Services.Cloud.Server;
using QkdNet.Services.Cloud.Storage;
using QkdNet.Services.Cloud.Transport;

namespace QkdNet.Services.Cloud.Client;

public sealed partial class CloudClient
{
    /// <summary>
    /// Proactive refresh (Herzberg, Jarecki, Krawczyk and Yung, "Proactive secret sharing", CRYPTO 1995, Sec. 3.1): adds
    /// to share x the value at x of a fresh random polynomial of degree k - 1 with zero constant term, so every share
    /// changes, the secret does not, and shares stolen before are useless with shares taken after. The data is never
    /// rebuilt; the owner updates each MAC tag from the delta alone (<see cref="ShareMac.Refreshed"/>).
    /// </summary>
    public async Task<Result<RefreshReport>> RefreshAsync(string objectId, CancellationToken cancellationToken = default)
    {
        if (map.Find(objectId) is not { } cloudObject)
        {
            return Result<RefreshReport>.Fail($"no object {objectId} in the owner's map (`qkdnet cloud ls` lists them).");
        }

        if (cloudObject.Shares.Any(s => s.PendingVersion is not null))
        {
            return Result<RefreshReport>.Fail($"an earlier refresh of {objectId} lost an answer; run `qkdnet cloud get` once to settle it, then refresh.");
        }

        long before = keys.BitsUsed;
        int points = cloudObject.Shares.Max(s => s.X);
        byte[] zero = new byte[cloudObject.Length];
        SecretShare[] deltas = ShamirSharing.Split(zero, cloudObject.Threshold, Math.Max(points, cloudObject.Threshold)).Value;
        try
        {
            ServerCall<long>[] results = await Task.WhenAll(cloudObject.Shares.Select(p => RefreshShareAsync(p, deltas[p.X - 1], cancellationToken))).ConfigureAwait(false);
            var refreshed = new List<string>();
            var failed = new List<ServerAnswer>();
            var shares = new List<PlacedShare>();
            for (int i = 0; i < results.Length; i++)
            {
                PlacedShare p = cloudObject.Shares[i];
                ulong tag = ShareMac.Refreshed(p.MacKey, p.Tag, deltas[p.X - 1].Data, p.Version);
                if (results[i].IsOk && results[i].Value == p.Version + 1)
                {
                    refreshed.Add(p.Server);
                    shares.Add(p with { Version = p.Version + 1, Tag = tag });
                }
                else
                {
                    failed.Add(new ServerAnswer(p.Server, results[i].IsOk ? ShareVerdict.Lied : Verdict(results[i]), results[i].Reason ?? $"answered version {results[i].Value}."));
                    // no answer: the refresh may have been applied; the next get settles which version the share is at
                    shares.Add(results[i].Outcome == ServerCallOutcome.Unreachable ? p with { PendingVersion = p.Version + 1, PendingTag = tag } : p);
                }
            }

            map.Set(cloudObject with { Shares = shares, Refreshes = cloudObject.Refreshes + 1 });
            return new RefreshReport(objectId, refreshed, failed, keys.BitsUsed - before);
        }
        finally
        {
            foreach (SecretShare delta in deltas)
            {
                delta.Dispose();
            }
        }
    }

    /// <summary>Deletes every share of <paramref name="objectId"/>; the object leaves the map once no server holds one.</summary>
    public async Task<Result<DeleteReport>> DeleteAsync(string objectId, CancellationToken cancellationToken = default)
    {
        if (map.Find(objectId) is not { } cloudObject)
        {
            return Result<DeleteReport>.Fail($"no object {objectId} in the owner's map (`qkdnet cloud ls` lists them).");
        }

        ServerCall<long>[] results = await Task.WhenAll(cloudObject.Shares.Select(p => Connection(p.Server) is { } server
            ? server.DeleteAsync(p.ShareId, cancellationToken)
            : Task.FromResult(ServerCall<long>.Fail(ServerCallOutcome.Unreachable, null, "the configuration no longer names this server.")))).ConfigureAwait(false);
        bool Gone(ServerCall<long> r) => r.IsOk || r.StatusCode == 404;
        var remaining = cloudObject.Shares.Where((_, i) => !Gone(results[i])).ToList();
        if (remaining.Count == 0)
        {
            map.Remove(objectId);
        }
        else
        {
            map.Set(cloudObject with { Shares = remaining });
        }

        return new DeleteReport(objectId, [.. cloudObject.Shares.Where((_, i) => Gone(results[i])).Select(p => p.Server)],
            [.. cloudObject.Shares.Select((p, i) => (p, r: results[i])).Where(x => !Gone(x.r)).Select(x => new ServerAnswer(x.p.Server, Verdict(x.r), x.r.Reason))]);
    }

    private async Task<ServerCall<long>> RefreshShareAsync(PlacedShare placed, SecretShare delta, CancellationToken cancellationToken)
    {
        if (Connection(placed.Server) is not { } server)
        {
            return ServerCall<long>.Fail(ServerCallOutcome.Refused, null, "the configuration no longer names this server.");
        }

        ShareProtectionPlan plan = ShareProtectionPlan.For(delta.Length, protection);
        Result<(string[] Ids, byte[] Bytes)> fetched = await keys.FetchAsync(SaeId.Create(server.Server), plan, cancellationToken).ConfigureAwait(false);
        if (!fetched.IsSuccess)
        {
            // nothing was sent: the share is certainly unchanged
            return ServerCall<long>.Fail(ServerCallOutcome.Refused, null, fetched.Error!);
        }

        _ = ShareId.TryParse(placed.ShareId, out ShareId id);
        var body = new SealedShareContent(plan, fetched.Value.Bytes, ShareService.Context(server.Server, id, "refresh", placed.Version), delta.Memory);
        CryptographicOperations.ZeroMemory(fetched.Value.Bytes);
        return await server.RefreshAsync(placed.ShareId, placed.Version, new SealedPayload(body, plan, fetched.Value.Ids), cancellationToken).ConfigureAwait(false);
    }
}
