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
    public async Task<Result<ShareInfo, ShareServiceFailure>> PutAsync(string caller, string shareId, ProtectedRequest protection, Stream body, long? bodyLength,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(protection);
        ArgumentNullException.ThrowIfNull(body);
        (AccessDecision decision, ShareId id, ShareServiceFailure? refusal) = await AdmitAsync(caller, CloudAction.Put, shareId, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        string? problem = null;
        ShareProtectionPlan? plan = bodyLength is { } length ? ShareProtectionPlan.ParseWire(protection.Protection, length, limits, out problem) : null;
        if (plan is null)
        {
            return await AuditedFailureAsync(caller, decision, CloudAction.Put, id,
                new ShareServiceFailure(ShareServiceStatus.BadRequest, problem ?? "a share's body needs a Content-Length."), cancellationToken).ConfigureAwait(false);
        }

        Result<byte[], ShareServiceFailure> keys = await KeysAsync(caller, plan, protection.KeyIds, cancellationToken).ConfigureAwait(false);
        if (!keys.IsSuccess)
        {
            return await AuditedFailureAsync(caller, decision, CloudAction.Put, id, keys.Error!, cancellationToken).ConfigureAwait(false);
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
    public async Task<Result<ShareDownload, ShareServiceFailure>> GetAsync(string caller, string shareId, ProtectedRequest protection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(protection);
        (AccessDecision decision, ShareId id, ShareServiceFailure? refusal) = await AdmitAsync(caller, CloudAction.Get, shareId, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        Result<ShareInfo, ShareStoreFailure> info = await store.GetInfoAsync(id, cancellationToken).ConfigureAwait(false);
        if (!info.IsSuccess)
        {
            return await AuditedFailureAsync(caller, decision, CloudAction.Get, id, Failure(info.Error!), cancellationToken).ConfigureAwait(false);
        }

        if (await DenyOthersAsync(caller, decision, CloudAction.Get, info.Value, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        ShareProtectionPlan? plan = ShareProtectionPlan.Parse(protection.Protection, info.Value.LengthBytes, limits, out string? bad);
        Result<byte[], ShareServiceFailure> keys = plan is null
            ? new ShareServiceFailure(ShareServiceStatus.BadRequest, bad!)
            : await KeysAsync(caller, plan, protection.KeyIds, cancellationToken).ConfigureAwait(false);
        if (!keys.IsSuccess)
        {
            return await AuditedFailureAsync(caller, decision, CloudAction.Get, id, keys.Error!, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            // a read that cannot be audited is not served
            Result<ShareAuditRecord, ShareStoreFailure> audited = await store.AppendAuditAsync(Event(caller, decision, CloudAction.Get, id, "ok"), cancellationToken).ConfigureAwait(false);
            return audited.IsSuccess
                ? Result<ShareDownload, ShareServiceFailure>.Ok(new ShareDownload(store, info.Value, plan!, keys.Value, Context(id, "get", info.Value.Version)))
                : Failure(audited.Error!);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys.Value);
        }
    }
}
