using System.Security.Cryptography;
using QkdNet.PostProcessing.Authentication;
using QkdNet.Services.Cloud.Access;
using QkdNet.Services.Cloud.Storage;
using QkdNet.Services.Cloud.Transport;

namespace QkdNet.Services.Cloud.Server;

public sealed partial class ShareService
{
    /// <summary>
    /// Stores a new share streamed in as <paramref name="body"/> (<paramref name="bodyLength"/> bytes, sealed under the
    /// keys <paramref name="protection"/> names). An AES-GCM body is opened segment by segment straight into the store,
    /// never held whole; a segment that fails its tag, or a body that ends early, leaves nothing stored.
    /// </summary>
    public async Task<ShareServiceResult<ShareInfo>> PutAsync(string caller, string shareId, ProtectedRequest protection, Stream body, long? bodyLength,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(protection);
        ArgumentNullException.ThrowIfNull(body);
        (AccessDecision decision, ShareId id, ShareServiceStatus? refusal, string? problem) = await AdmitAsync(caller, CloudAction.Put, shareId, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return ShareServiceResult<ShareInfo>.Fail(refusal.Value, problem!);
        }

        ShareProtectionPlan? plan = bodyLength is { } length ? ShareProtectionPlan.ParseWire(protection.Protection, length, limits, out problem) : null;
        if (plan is null)
        {
            return await AuditedFailureAsync<ShareInfo>(caller, decision, CloudAction.Put, id, ShareServiceStatus.BadRequest,
                problem ?? "a share's body needs a Content-Length.", cancellationToken).ConfigureAwait(false);
        }

        ShareServiceResult<byte[]> keys = await KeysAsync(caller, plan, protection.KeyIds, cancellationToken).ConfigureAwait(false);
        if (keys.Status != ShareServiceStatus.Ok)
        {
            return await AuditedFailureAsync<ShareInfo>(caller, decision, CloudAction.Put, id, keys.Status, keys.Reason!, cancellationToken).ConfigureAwait(false);
        }

        ShareAuditEvent audit = Event(caller, decision, CloudAction.Put, id, "ok");
        using var opener = new SealedBodyReader(plan, keys.Value, Context(id, "put", 0), AuthenticationRole.Alice, body);
        CryptographicOperations.ZeroMemory(keys.Value);
        return FromStore(await store.PutAsync(id, caller, plan.PlainBytes, opener.NextAsync, audit, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Checks a get of share <paramref name="shareId"/> (policy, owner, protection, keys from this server's KME) and
    /// audits it; the caller then streams the sealed share with <see cref="ShareDownload.WriteToAsync"/> and disposes it.
    /// </summary>
    public async Task<ShareServiceResult<ShareDownload>> GetAsync(string caller, string shareId, ProtectedRequest protection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(protection);
        (AccessDecision decision, ShareId id, ShareServiceStatus? refusal, string? problem) = await AdmitAsync(caller, CloudAction.Get, shareId, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return ShareServiceResult<ShareDownload>.Fail(refusal.Value, problem!);
        }

        ShareStoreResult<ShareInfo> info = await store.GetInfoAsync(id, cancellationToken).ConfigureAwait(false);
        if (!info.IsSuccess)
        {
            return await AuditedFailureAsync<ShareDownload>(caller, decision, CloudAction.Get, id, Status(info.Error), info.Detail!, cancellationToken).ConfigureAwait(false);
        }

        if (await DenyOthersAsync<ShareDownload>(caller, decision, CloudAction.Get, info.Value, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        ShareProtectionPlan? plan = ShareProtectionPlan.Parse(protection.Protection, info.Value.LengthBytes, limits, out string? bad);
        ShareServiceResult<byte[]> keys = plan is null
            ? ShareServiceResult<byte[]>.Fail(ShareServiceStatus.BadRequest, bad!)
            : await KeysAsync(caller, plan, protection.KeyIds, cancellationToken).ConfigureAwait(false);
        if (keys.Status != ShareServiceStatus.Ok)
        {
            return await AuditedFailureAsync<ShareDownload>(caller, decision, CloudAction.Get, id, keys.Status, keys.Reason!, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            // a read that cannot be audited is not served
            ShareStoreResult<ShareAuditRecord> audited = await store.AppendAuditAsync(Event(caller, decision, CloudAction.Get, id, "ok"), cancellationToken).ConfigureAwait(false);
            return audited.IsSuccess
                ? ShareServiceResult<ShareDownload>.Ok(new ShareDownload(store, info.Value, plan!, keys.Value, Context(id, "get", info.Value.Version)))
                : ShareServiceResult<ShareDownload>.Fail(Status(audited.Error), audited.Detail!);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys.Value);
        }
    }
}
