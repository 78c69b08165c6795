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
    /// Rebuilds object <paramref name="objectId"/>: asks k servers (all of them with <paramref name="askAll"/>), and
    /// more while fewer than k shares pass their MAC. Every server that lied is named in the report.
    /// </summary>
    public async Task<Result<GetReport>> GetAsync(string objectId, bool askAll = false, CancellationToken cancellationToken = default)
    {
        if (map.Find(objectId) is not { } cloudObject)
        {
            return Result<GetReport>.Fail($"no object {objectId} in the owner's map (`qkdnet cloud ls` lists them).");
        }

        long before = keys.BitsUsed;
        if (!askAll && await TryStreamedGetAsync(cloudObject, cancellationToken).ConfigureAwait(false) is { } streamed)
        {
            return new GetReport(objectId, streamed.Data, streamed.Answers, keys.BitsUsed - before);
        }

        var answers = new Dictionary<string, ServerAnswer>(StringComparer.Ordinal);
        var verified = new List<(SecretShare Share, long Version, PlacedShare Placed)>();
        var pending = new Queue<PlacedShare>(cloudObject.Shares);
        try
        {
            while (pending.Count > 0 && (askAll || verified.Count < cloudObject.Threshold))
            {
                int ask = askAll ? pending.Count : Math.Min(pending.Count, cloudObject.Threshold - verified.Count);
                PlacedShare[] batch = [.. Enumerable.Range(0, ask).Select(_ => pending.Dequeue())];
                var fetched = await Task.WhenAll(batch.Select(p => FetchShareAsync(cloudObject, p, cancellationToken))).ConfigureAwait(false);
                for (int i = 0; i < batch.Length; i++)
                {
                    answers[batch[i].Server] = fetched[i].Answer;
                    if (fetched[i].Share is { } share)
                    {
                        verified.Add((share, fetched[i].Version, batch[i]));
                    }
                }
            }

            foreach (PlacedShare left in pending)
            {
                answers[left.Server] = new ServerAnswer(left.Server, ShareVerdict.NotAsked, null);
            }

            ServerAnswer[] ordered = [.. cloudObject.Shares.Select(s => answers[s.Server])];
            Result<byte[]> rebuilt = ShareRebuilder.Rebuild([.. verified.Select(v => (v.Share, v.Version))], cloudObject.Threshold);
            if (!rebuilt.IsSuccess)
            {
                return Result<GetReport>.Fail($"cannot rebuild {objectId}: {rebuilt.Error} "
                    + string.Join(" ", ordered.Where(a => a.Verdict != ShareVerdict.Verified).Select(a => $"{a.Server}: {a.Verdict} ({a.Reason})")));
            }

            ResolvePending(cloudObject, verified.Select(v => (v.Placed, v.Version)));
            return new GetReport(objectId, rebuilt.Value, ordered, keys.BitsUsed - before);
        }
        finally
        {
            foreach ((SecretShare share, _, _) in verified)
            {
                share.Dispose();
            }
        }
    }

    /// <summary>A refresh whose answer was lost is settled by the version a server now reports.</summary>
    private void ResolvePending(CloudObject cloudObject, IEnumerable<(PlacedShare Placed, long Version)> seen)
    {
        var settled = seen.Where(s => s.Placed.PendingVersion is not null).ToDictionary(s => s.Placed.ShareId, s => s.Version, StringComparer.Ordinal);
        if (settled.Count == 0)
        {
            return;
        }

        map.Set(cloudObject with
        {
            Shares = [.. cloudObject.Shares.Select(p => !settled.TryGetValue(p.ShareId, out long version) ? p
                : version == p.PendingVersion ? p with { Version = version, Tag = p.PendingTag!.Value, PendingVersion = null, PendingTag = null }
                : p with { PendingVersion = null, PendingTag = null })],
        });
    }

    private async Task<(ServerAnswer Answer, SecretShare? Share, long Version)> FetchShareAsync(CloudObject cloudObject, PlacedShare placed, CancellationToken cancellationToken)
    {
        // the MAC is taken as each segment is opened, while it is in the cache, instead of in a second pass over the share
        (ServerAnswer answer, byte[]? bytes, long version, ulong tag) = await FetchSealedAsync(placed.Server, placed.ShareId, cloudObject.Length, placed.MacKey,
            cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return (answer, null, 0);
        }

        if (ShareRebuilder.Check(placed, cloudObject.Length, bytes.Length, version, tag) is { } lie)
        {
            CryptographicOperations.ZeroMemory(bytes);
            return (new ServerAnswer(placed.Server, ShareVerdict.Lied, lie), null, 0);
        }

        return (answer, new SecretShare(placed.X, bytes), version);
    }

    /// <summary>
    /// One stored share of <paramref name="length"/> bytes from <paramref name="serverName"/>, sealed for the way back
    /// under keys the owner fetched, opened; null bytes with the verdict when it could not be had.
    /// </summary>
    private async Task<(ServerAnswer Answer, byte[]? Bytes, long Version)> FetchSealedAsync(string serverName, string shareId, long length, CancellationToken cancellationToken)
    {
        (ServerAnswer answer, byte[]? bytes, long version, _) = await FetchSealedAsync(serverName, shareId, length, null, cancellationToken).ConfigureAwait(false);
        return (answer, bytes, version);
    }

    /// <summary>As above, with the share's MAC tag (<see cref="ShareMac"/>) at the version answered taken under <paramref name="macKey"/> on the way in (0 without a key).</summary>
    private async Task<(ServerAnswer Answer, byte[]? Bytes, long Version, ulong Tag)> FetchSealedAsync(string serverName, string shareId, long length, byte[]? macKey,
        CancellationToken cancellationToken)
    {
        if (Connection(serverName) is not { } server)
        {
            return (new ServerAnswer(serverName, ShareVerdict.Unreachable, "the configuration no longer names this server."), null, 0, 0);
        }

        ShareProtectionPlan plan = ShareProtectionPlan.For(length, protection);
        Result<(string[] Ids, byte[] Bytes)> fetched = await keys.FetchAsync(SaeId.Create(server.Server), plan, cancellationToken).ConfigureAwait(false);
        if (!fetched.IsSuccess)
        {
            return (new ServerAnswer(serverName, ShareVerdict.Unreachable, fetched.Error), null, 0, 0);
        }

        try
        {
            _ = ShareId.TryParse(shareId, out ShareId id);
            byte[] keyBytes = fetched.Value.Bytes;
            ServerCall<(byte[]? Bytes, long Version, ulong Tag)> got = await server.GetAsync(shareId, new SealedPayload(null, plan, fetched.Value.Ids), async (version, body) =>
            {
                // opened segment by segment straight into the share's buffer as the answer streams in
                using var reader = new SealedBodyReader(plan, keyBytes, ShareService.Context(server.Server, id, "get", version), AuthenticationRole.Bob, body);
                byte[] bytes = GC.AllocateUninitializedArray<byte>(checked((int)length));
                ShareMacHasher? mac = macKey is null ? null : new ShareMacHasher(macKey);
                string? problem = await reader.ReadAllAsync(bytes, cancellationToken, mac is null ? null : piece => mac.Append(piece.Span)).ConfigureAwait(false);
                return ServerCall<(byte[]?, long, ulong)>.Ok((problem is null ? bytes : null, version, mac?.Finish(version) ?? 0));
            }, cancellationToken).ConfigureAwait(false);
            if (!got.IsOk)
            {
                return (new ServerAnswer(serverName, Verdict(got), got.Reason), null, 0, 0);
            }

            return got.Value.Bytes is not { } opened
                ? (new ServerAnswer(serverName, ShareVerdict.Lied, "the answer fails its transport authentication under the QKD keys."), null, 0, 0)
                : (new ServerAnswer(serverName, ShareVerdict.Verified, null), opened, got.Value.Version, got.Value.Tag);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fetched.Value.Bytes);
        }
    }
}
