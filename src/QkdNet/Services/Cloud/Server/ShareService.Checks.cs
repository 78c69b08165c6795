using System.Security.Cryptography;
using QkdNet.KeyManagement;
using QkdNet.PostProcessing.Authentication;
using QkdNet.Services.Cloud.Access;
using QkdNet.Services.Cloud.Storage;
using QkdNet.Services.Cloud.Transport;
using QkdNet.Services.KeyDelivery;

namespace QkdNet.Services.Cloud.Server;

public sealed partial class ShareService
{
    /// <summary>The policy's decision for <paramref name="action"/>, audited at once when it is a denial.</summary>
    private async Task<AccessDecision> DecideAsync(string caller, CloudAction action, string target, CancellationToken cancellationToken)
    {
        AccessDecision decision = policy.Check(caller, action);
        if (!decision.Allowed)
        {
            await store.AppendAuditAsync(Event(caller, decision, action, target, decision.Reason), cancellationToken).ConfigureAwait(false);
        }

        return decision;
    }

    /// <summary>The policy's decision and the parsed share ID; a refusal (403, or 400 for a malformed ID) is audited.</summary>
    private async Task<(AccessDecision Decision, ShareId Id, ShareServiceFailure? Refusal)> AdmitAsync(
        string caller, CloudAction action, string shareId, CancellationToken cancellationToken)
    {
        bool parsed = ShareId.TryParse(shareId, out ShareId id);
        string target = parsed ? id.Value : "(malformed)";
        AccessDecision decision = await DecideAsync(caller, action, target, cancellationToken).ConfigureAwait(false);
        if (!decision.Allowed)
        {
            return (decision, id, new ShareServiceFailure(ShareServiceStatus.Forbidden, decision.Reason));
        }

        if (!parsed)
        {
            const string problem = "a share ID is 32 lower-case hex digits.";
            await store.AppendAuditAsync(Event(caller, decision, action, target, problem), cancellationToken).ConfigureAwait(false);
            return (decision, id, new ShareServiceFailure(ShareServiceStatus.BadRequest, problem));
        }

        return (decision, id, null);
    }

    /// <summary>A 403 (audited) when <paramref name="info"/> belongs to someone other than <paramref name="caller"/>; else null.</summary>
    private async Task<ShareServiceFailure?> DenyOthersAsync(string caller, AccessDecision decision, CloudAction action, ShareInfo info, CancellationToken cancellationToken)
    {
        if (string.Equals(info.Owner, caller, StringComparison.Ordinal))
        {
            return null;
        }

        string reason = $"share {info.Id} belongs to another owner; an owner reaches only their own objects.";
        await store.AppendAuditAsync(new ShareAuditEvent(caller, decision.Role, Verb(action), info.Id.Value, false, reason), cancellationToken).ConfigureAwait(false);
        return new ShareServiceFailure(ShareServiceStatus.Forbidden, reason);
    }

    private async Task<ShareServiceFailure> AuditedFailureAsync(string caller, AccessDecision decision, CloudAction action, ShareId id, ShareServiceFailure failure,
        CancellationToken cancellationToken)
    {
        await store.AppendAuditAsync(Event(caller, decision, action, id.Value, failure.Reason), cancellationToken).ConfigureAwait(false);
        return failure;
    }

    /// <summary>The payload of a sealed body, opened with the keys the caller names (fetched from this server's KME).</summary>
    private async Task<Result<byte[], ShareServiceFailure>> OpenAsync(string caller, ProtectedRequest protection, byte[] context, ReadOnlyMemory<byte> wire, CancellationToken cancellationToken)
    {
        ShareProtectionPlan? plan = ShareProtectionPlan.ParseWire(protection.Protection, wire.Length, limits, out string? problem);
        if (plan is null)
        {
            return new ShareServiceFailure(ShareServiceStatus.BadRequest, problem!);
        }

        Result<byte[], ShareServiceFailure> keys = await KeysAsync(caller, plan, protection.KeyIds, cancellationToken).ConfigureAwait(false);
        if (!keys.IsSuccess)
        {
            return keys;
        }

        try
        {
            byte[]? plain = ShareCipher.Open(plan, keys.Value, context, AuthenticationRole.Alice, wire.Span);
            return plain is null
                ? new ShareServiceFailure(ShareServiceStatus.BadRequest, "the body failed its authentication under the named QKD keys (altered in transit, or sealed for another share or server).")
                : plain;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys.Value);
        }
    }

    /// <summary>The plan's keys, concatenated in the order the caller listed their IDs, from this server's KME (dec_keys).</summary>
    private async Task<Result<byte[], ShareServiceFailure>> KeysAsync(string caller, ShareProtectionPlan plan, string? keyIdsHeader, CancellationToken cancellationToken)
    {
        string[] texts = (keyIdsHeader ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (texts.Length != plan.KeyCount || texts.Length > MaxKeyIds)
        {
            return new ShareServiceFailure(ShareServiceStatus.BadRequest,
                $"{ShareProtectionPlan.KeyIdsHeaderName} names {texts.Length} key(s); {plan.Header} for {plan.PlainBytes} bytes takes {plan.KeyCount}.");
        }

        var ids = new KeyId[texts.Length];
        for (int i = 0; i < texts.Length; i++)
        {
            if (!KeyId.TryParse(texts[i], out ids[i]))
            {
                return new ShareServiceFailure(ShareServiceStatus.BadRequest, $"{ShareProtectionPlan.KeyIdsHeaderName}: key ID {i + 1} is not a UUID.");
            }
        }

        if (ids.Distinct().Count() != ids.Length)
        {
            return new ShareServiceFailure(ShareServiceStatus.BadRequest, $"{ShareProtectionPlan.KeyIdsHeaderName} names a key twice; each key is used once.");
        }

        if (!SaeId.TryCreate(caller, out SaeId master))
        {
            return new ShareServiceFailure(ShareServiceStatus.BadRequest, "the caller's certificate name is not an SAE ID.");
        }

        int keyBytes = plan.KeyBits / 8;
        byte[] keys = new byte[(long)plan.KeyCount * keyBytes];
        try
        {
            for (int from = 0; from < ids.Length; from += 512)
            {
                KeyId[] batch = ids[from..Math.Min(ids.Length, from + 512)];
                Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> delivered = await kme.GetKeysWithIdsAsync(master, batch, cancellationToken).ConfigureAwait(false);
                if (!delivered.IsSuccess)
                {
                    CryptographicOperations.ZeroMemory(keys);
                    return delivered.Error!.Kind is KeyDeliveryErrorKind.BadRequest or KeyDeliveryErrorKind.Unauthorized
                        ? new ShareServiceFailure(ShareServiceStatus.BadRequest, $"this server's KME does not hold the named keys for {caller} ({delivered.Error.Message}).")
                        : new ShareServiceFailure(ShareServiceStatus.Unavailable, $"this server's KME did not answer ({delivered.Error.Message}).");
                }

                if (!Place(delivered.Value, batch, from, keyBytes, keys))
                {
                    CryptographicOperations.ZeroMemory(keys);
                    return new ShareServiceFailure(ShareServiceStatus.BadRequest, $"the named keys are not {plan.KeyBits}-bit keys, as {plan.Header} takes.");
                }
            }

            return keys;
        }
        catch
        {
            CryptographicOperations.ZeroMemory(keys);
            throw;
        }
    }

    /// <summary>Copies each delivered key to its slot (the KME answers in its own order) and disposes it.</summary>
    private static bool Place(IReadOnlyList<DeliveredKey> delivered, KeyId[] batch, int from, int keyBytes, byte[] keys)
    {
        bool ok = delivered.Count == batch.Length;
        foreach (DeliveredKey key in delivered)
        {
            int slot = Array.IndexOf(batch, key.Id);
            if (ok && slot >= 0 && key.Material.Length == keyBytes)
            {
                key.Material.Span.CopyTo(keys.AsSpan((from + slot) * keyBytes, keyBytes));
            }
            else
            {
                ok = false;
            }

            key.Material.Dispose();
        }

        return ok;
    }

    private async Task<(long Count, long? Broken)> VerifyChainAsync(CancellationToken cancellationToken)
    {
        long after = 0, count = 0;
        var all = new List<ShareAuditRecord>();
        while (true)
        {
            Result<IReadOnlyList<ShareAuditRecord>, ShareStoreFailure> page = await store.ReadAuditAsync(after, 10_000, cancellationToken).ConfigureAwait(false);
            if (!page.IsSuccess || page.Value.Count == 0)
            {
                break;
            }

            all.AddRange(page.Value);
            count += page.Value.Count;
            after = page.Value[^1].Sequence;
        }

        return (count, ShareAuditChain.FirstBroken(all));
    }

    private static ShareAuditEvent Event(string caller, AccessDecision decision, CloudAction action, ShareId id, string outcome) =>
        Event(caller, decision, action, id.Value, outcome);

    private static ShareAuditEvent Event(string caller, AccessDecision decision, CloudAction action, string target, string outcome) =>
        new(caller, decision.Role, Verb(action), target, decision.Allowed, outcome);

    private static string Verb(CloudAction action) => action.ToString().ToLowerInvariant();

    private static Result<ShareInfo, ShareServiceFailure> FromStore(Result<ShareInfo, ShareStoreFailure> result) =>
        result.TryGetValue(out ShareInfo info) ? info : Failure(result.Error!);

    /// <summary>The data server's answer to a store's refusal: its status for the host, its sentence unchanged.</summary>
    private static ShareServiceFailure Failure(ShareStoreFailure failure) => new(Status(failure.Code), failure.Detail);

    private static ShareServiceStatus Status(ShareStoreError error) => error switch
    {
        ShareStoreError.NotFound => ShareServiceStatus.NotFound,
        ShareStoreError.AlreadyExists or ShareStoreError.VersionMismatch => ShareServiceStatus.Conflict,
        ShareStoreError.TooLarge => ShareServiceStatus.TooLarge,
        ShareStoreError.Full => ShareServiceStatus.InsufficientStorage,
        ShareStoreError.Rejected => ShareServiceStatus.BadRequest,
        _ => ShareServiceStatus.Unavailable,
    };
}
