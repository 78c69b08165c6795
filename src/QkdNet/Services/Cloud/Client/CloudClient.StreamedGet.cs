using System.Security.Cryptography;
using QkdNet.KeyManagement;
using QkdNet.PostProcessing.Authentication;
using QkdNet.Services.Cloud.Integrity;
using QkdNet.Services.Cloud.Server;
using QkdNet.Services.Cloud.Storage;
using QkdNet.Services.Cloud.Transport;

namespace QkdNet.Services.Cloud.Client;

public sealed partial class CloudClient
{
    /// <summary>
    /// The get when all goes well: the first k shares stream in side by side, each segment opened, added into its share's
    /// MAC and combined into the object as it arrives (<see cref="StreamedCombine"/>), so no share is ever held whole.
    /// The object is returned only when every one of the k answers is at the version the map knows and passes its MAC;
    /// otherwise (a server down, a lie, a pending refresh) null, the partial result zeroed, and the caller takes the
    /// share-by-share path, which names who failed.
    /// </summary>
    private async Task<(byte[] Data, ServerAnswer[] Answers)?> TryStreamedGetAsync(CloudObject cloudObject, CancellationToken cancellationToken)
    {
        PlacedShare[] chosen = [.. cloudObject.Shares.Take(cloudObject.Threshold)];
        if (chosen.Length < cloudObject.Threshold || chosen.Any(p => p.PendingVersion is not null || Connection(p.Server) is null)
            || chosen.Select(p => p.X).Distinct().Count() != chosen.Length)
        {
            return null;
        }

        byte[] result = GC.AllocateUninitializedArray<byte>(checked((int)cloudObject.Length));
        var combine = new StreamedCombine([.. chosen.Select(p => p.X)], result);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bool[] passed = await Task.WhenAll(chosen.Select((p, lane) => StreamShareAsync(p, lane, cloudObject.Length, combine, stop, cancellationToken))).ConfigureAwait(false);
        if (passed.All(ok => ok) && !combine.Failed)
        {
            return (result, [.. cloudObject.Shares.Select(s => new ServerAnswer(s.Server, chosen.Contains(s) ? ShareVerdict.Verified : ShareVerdict.NotAsked, null))]);
        }

        combine.Discard();
        return null;
    }

    /// <summary>One lane of <see cref="TryStreamedGetAsync"/>: true when the whole share came, at the map's version, and passed its MAC.</summary>
    private async Task<bool> StreamShareAsync(PlacedShare placed, int lane, long length, StreamedCombine combine, CancellationTokenSource stop, CancellationToken cancellationToken)
    {
        ShareServerConnection server = Connection(placed.Server)!;
        ShareProtectionPlan plan = ShareProtectionPlan.For(length, protection);
        Result<(string[] Ids, byte[] Bytes)> fetched = await keys.FetchAsync(SaeId.Create(server.Server), plan, cancellationToken).ConfigureAwait(false);
        if (!fetched.IsSuccess)
        {
            combine.Fail();
            return false;
        }

        bool ok = false;
        try
        {
            _ = ShareId.TryParse(placed.ShareId, out ShareId id);
            byte[] keyBytes = fetched.Value.Bytes;
            ServerCall<bool> got = await server.GetAsync(placed.ShareId, new SealedPayload(null, plan, fetched.Value.Ids), async (version, body) =>
            {
                if (version != placed.Version)
                {
                    return ServerCall<bool>.Ok(false);
                }

                using var reader = new SealedBodyReader(plan, keyBytes, ShareService.Context(server.Server, id, "get", version), AuthenticationRole.Bob, body);
                var mac = new ShareMacHasher(placed.MacKey);
                long at = 0;
                while (true)
                {
                    ShareChunk piece = await reader.NextAsync(stop.Token).ConfigureAwait(false);
                    if (piece.Problem is not null || piece.Data.IsEmpty)
                    {
                        return ServerCall<bool>.Ok(piece.Problem is null && at == length
                            && ShareRebuilder.Check(placed, length, at, version, mac.Finish(version)) is null);
                    }

                    mac.Append(piece.Data.Span);
                    await combine.ArriveAsync(lane, at, piece.Data).WaitAsync(stop.Token).ConfigureAwait(false);
                    at += piece.Data.Length;
                }
            }, stop.Token).ConfigureAwait(false);
            ok = got.IsOk && got.Value;
            return ok;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // another lane failed and stopped this one
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fetched.Value.Bytes);
            if (!ok)
            {
                // whatever ended this lane (an answer that fails, a cancellation, a bug's exception) releases the others
                combine.Fail();
                await stop.CancelAsync().ConfigureAwait(false);
            }
        }
    }
}
