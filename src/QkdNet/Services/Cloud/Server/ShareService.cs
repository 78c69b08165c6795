using System.Security.Cryptography;
using System.Text;
using QkdNet.KeyManagement;
using QkdNet.PostProcessing.Authentication;
using QkdNet.Services.Cloud.Access;
using QkdNet.Services.Cloud.Storage;
using QkdNet.Services.Cloud.Transport;
using QkdNet.Services.KeyDelivery;

namespace QkdNet.Services.Cloud.Server;

/// <summary>
/// One data server of the secure cloud, without HTTP: checks every request against the <see cref="AccessPolicy"/>
/// (and share ownership), opens and seals shares with QKD keys its KME gives it for the caller's key IDs
/// (ETSI GS QKD 014 dec_keys, the caller being the master SAE), keeps them in its <see cref="IShareStore"/> and
/// audits every request in the store's hash chain. A denied or malformed request changes nothing. Thread-safe.
/// </summary>
public sealed partial class ShareService(string serverName, IShareStore store, IKeyDelivery kme, AccessPolicy policy, ShareProtectionSettings limits)
{
    /// <summary>Most key IDs one request may name.</summary>
    public const int MaxKeyIds = 4096;

    /// <summary>This server's name: its certificate's common name and its SAE ID.</summary>
    public string Name { get; } = serverName;

    /// <summary>
    /// Proactive refresh: adds (XOR, the addition of GF(2^8)) the sealed delta, a share of zero, to the share, if it is
    /// still at <paramref name="expectedVersion"/>; the share's version goes up by one.
    /// </summary>
    public async Task<Result<ShareInfo, ShareServiceFailure>> RefreshAsync(string caller, string shareId, long expectedVersion, ProtectedRequest protection, ReadOnlyMemory<byte> wire,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(protection);
        (AccessDecision decision, ShareId id, ShareServiceFailure? refusal) = await AdmitAsync(caller, CloudAction.Refresh, shareId, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        Result<StoredShare, ShareStoreFailure> read = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (!read.IsSuccess)
        {
            return await AuditedFailureAsync(caller, decision, CloudAction.Refresh, id, Failure(read.Error!), cancellationToken).ConfigureAwait(false);
        }

        using StoredShare share = read.Value;
        if (await DenyOthersAsync(caller, decision, CloudAction.Refresh, share.Info, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        Result<byte[], ShareServiceFailure> opened = await OpenAsync(caller, protection, Context(id, "refresh", expectedVersion), wire, cancellationToken).ConfigureAwait(false);
        if (!opened.TryGetValue(out byte[] delta))
        {
            return await AuditedFailureAsync(caller, decision, CloudAction.Refresh, id, opened.Error!, cancellationToken).ConfigureAwait(false);
        }

        if (delta.Length != share.Data.Length)
        {
            CryptographicOperations.ZeroMemory(delta);
            var wrongLength = new ShareServiceFailure(ShareServiceStatus.BadRequest, $"the refresh is {delta.Length} bytes; share {id} is {share.Data.Length}.");
            return await AuditedFailureAsync(caller, decision, CloudAction.Refresh, id, wrongLength, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            Trading.Channel.PadXor.Apply(share.Data, delta, delta);
            Result<ShareInfo, ShareStoreFailure> replaced = await store.ReplaceAsync(id, expectedVersion, delta, Event(caller, decision, CloudAction.Refresh, id, "ok"), cancellationToken).ConfigureAwait(false);
            return FromStore(replaced);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(delta);
        }
    }

    /// <summary>Deletes a share of the caller's.</summary>
    public async Task<Result<ShareInfo, ShareServiceFailure>> DeleteAsync(string caller, string shareId, CancellationToken cancellationToken = default)
    {
        (AccessDecision decision, ShareId id, ShareServiceFailure? refusal) = await AdmitAsync(caller, CloudAction.Delete, shareId, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        Result<ShareInfo, ShareStoreFailure> info = await store.GetInfoAsync(id, cancellationToken).ConfigureAwait(false);
        if (!info.IsSuccess)
        {
            return await AuditedFailureAsync(caller, decision, CloudAction.Delete, id, Failure(info.Error!), cancellationToken).ConfigureAwait(false);
        }

        if (await DenyOthersAsync(caller, decision, CloudAction.Delete, info.Value, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        return FromStore(await store.DeleteAsync(id, Event(caller, decision, CloudAction.Delete, id, "ok"), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The caller's own shares (identifiers, versions, lengths).</summary>
    public async Task<Result<IReadOnlyList<ShareInfo>, ShareServiceFailure>> ListAsync(string caller, CancellationToken cancellationToken = default)
    {
        AccessDecision decision = await DecideAsync(caller, CloudAction.List, "-", cancellationToken).ConfigureAwait(false);
        if (!decision.Allowed)
        {
            return new ShareServiceFailure(ShareServiceStatus.Forbidden, decision.Reason);
        }

        Result<IReadOnlyList<ShareInfo>, ShareStoreFailure> listed = await store.ListAsync(caller, cancellationToken).ConfigureAwait(false);
        if (listed.IsSuccess)
        {
            await store.AppendAuditAsync(Event(caller, decision, CloudAction.List, "-", "ok"), cancellationToken).ConfigureAwait(false);
        }

        return listed.IsSuccess ? Result<IReadOnlyList<ShareInfo>, ShareServiceFailure>.Ok(listed.Value) : Failure(listed.Error!);
    }

    /// <summary>Audit records after <paramref name="after"/> (at most <paramref name="limit"/>), with the whole chain verified.</summary>
    public async Task<Result<AuditPage, ShareServiceFailure>> ReadAuditAsync(string caller, long after, int limit, CancellationToken cancellationToken = default)
    {
        AccessDecision decision = await DecideAsync(caller, CloudAction.ReadAudit, "-", cancellationToken).ConfigureAwait(false);
        if (!decision.Allowed)
        {
            return new ShareServiceFailure(ShareServiceStatus.Forbidden, decision.Reason);
        }

        await store.AppendAuditAsync(Event(caller, decision, CloudAction.ReadAudit, "-", "ok"), cancellationToken).ConfigureAwait(false);
        (long count, long? broken) = await VerifyChainAsync(cancellationToken).ConfigureAwait(false);
        Result<IReadOnlyList<ShareAuditRecord>, ShareStoreFailure> page = await store.ReadAuditAsync(after, Math.Clamp(limit, 1, 10_000), cancellationToken).ConfigureAwait(false);
        _ = count;
        return page.IsSuccess
            ? Result<AuditPage, ShareServiceFailure>.Ok(new AuditPage(page.Value, broken is null, broken))
            : Failure(page.Error!);
    }

    /// <summary>Whether the server is up and its audit chain intact (operators).</summary>
    public async Task<Result<ShareServerHealth, ShareServiceFailure>> HealthAsync(string caller, CancellationToken cancellationToken = default)
    {
        AccessDecision decision = await DecideAsync(caller, CloudAction.Health, "-", cancellationToken).ConfigureAwait(false);
        if (!decision.Allowed)
        {
            return new ShareServiceFailure(ShareServiceStatus.Forbidden, decision.Reason);
        }

        await store.AppendAuditAsync(Event(caller, decision, CloudAction.Health, "-", "ok"), cancellationToken).ConfigureAwait(false);
        (long count, long? broken) = await VerifyChainAsync(cancellationToken).ConfigureAwait(false);
        return new ShareServerHealth(Name, count, broken is null);
    }

    /// <summary>The associated data binding a sealed payload to this server, the share, the action and the version.</summary>
    public static byte[] Context(string server, ShareId id, string action, long version) =>
        Encoding.UTF8.GetBytes(FormattableString.Invariant($"qkdnet-share/{server}/{id}/{action}/{version}"));

    private byte[] Context(ShareId id, string action, long version) => Context(Name, id, action, version);
}
