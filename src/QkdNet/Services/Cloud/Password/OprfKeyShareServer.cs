using Org.BouncyCastle.Math;

namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// One TOPPSS share server (Jarecki, Kiayias, Krawczyk, Xu, ACNS 2017, server S_i of the PPSS): keeps each user's record,
/// answers evaluations b_i = k_i * a of its key share at blinded elements, counts every evaluation as a failed guess
/// until the client proves success, rate-limits the unconfirmed ones and audits every request. It never sees the
/// password, H1(pw) or rwd. Expected failures are statuses, never exceptions. Thread-safe.
/// </summary>
public sealed class OprfKeyShareServer : IOprfServer
{
    /// <summary>Unconfirmed guesses remembered per user for confirmation; older ones can no longer be confirmed.</summary>
    internal const int PendingGuessesPerUser = 16;

    private readonly IOprfRecordStore _store;
    private readonly IGuessRateLimiter _limiter;
    private readonly IOprfAuditSink _audit;
    private readonly TimeProvider _time;
    private readonly Dictionary<UserId, List<GuessId>> _pending = [];
    private readonly Lock _pendingLock = new();

    public OprfKeyShareServer(IOprfRecordStore store, IGuessRateLimiter limiter, IOprfAuditSink audit, TimeProvider time)
    {
        _store = store;
        _limiter = limiter;
        _audit = audit;
        _time = time;
    }

    public Task<OprfResult> EnrollAsync(OprfEnrollRequest request, CancellationToken cancellationToken = default)
    {
        if (request?.Record is not { } record || record.User.Value is null)
        {
            return Task.FromResult(new OprfResult(OprfStatus.Malformed, "the enrolment carries no record."));
        }

        UserId user = record.User;
        using var existing = _store.Get(user);
        if (existing is null)
        {
            using var fresh = record.WithEpoch(0);
            if (_store.TryAdd(fresh))
            {
                Audit(user, OprfAuditKind.Enrolled, record.ShareIndex);
                return Task.FromResult(OprfResult.Ok);
            }

            return Task.FromResult(Refuse(user, OprfAuditKind.EnrollRefused, record.ShareIndex, OprfStatus.AlreadyEnrolled, "the user was enrolled concurrently."));
        }

        if (request.ReplaceAuthorization is null)
        {
            return Task.FromResult(Refuse(user, OprfAuditKind.EnrollRefused, existing.ShareIndex, OprfStatus.AlreadyEnrolled,
                "the user is already enrolled; replacing the record needs an authorisation from the current password."));
        }

        byte[] digest = record.ContentDigest();
        if (!OprfProofs.Verify(existing.ConfirmationKey, OprfProofs.ReplaceLabel, user, existing.Epoch, digest, request.ReplaceAuthorization))
        {
            return Task.FromResult(Refuse(user, OprfAuditKind.EnrollRefused, existing.ShareIndex, OprfStatus.NotAuthorized, "the replace authorisation does not verify."));
        }

        using var replacement = record.WithEpoch(existing.Epoch + 1);
        if (!_store.TryReplace(existing.Epoch, replacement))
        {
            return Task.FromResult(Refuse(user, OprfAuditKind.EnrollRefused, existing.ShareIndex, OprfStatus.StaleEpoch, "the record changed while it was being replaced."));
        }

        ForgetPendingGuesses(user);
        Audit(user, OprfAuditKind.Replaced, record.ShareIndex);
        return Task.FromResult(OprfResult.Ok);
    }

    public Task<OprfEvaluateResult> EvaluateAsync(OprfEvaluateRequest request, CancellationToken cancellationToken = default)
    {
        if (request?.BlindedElement is null || request.User.Value is null)
        {
            return Task.FromResult(OprfEvaluateResult.Failed(OprfStatus.Malformed, "the evaluation needs a user and a blinded element."));
        }

        UserId user = request.User;
        using var record = _store.Get(user);
        if (record is null)
        {
            Audit(user, OprfAuditKind.UnknownUser, 0);
            return Task.FromResult(OprfEvaluateResult.Failed(OprfStatus.UnknownUser, "no record for this user."));
        }

        GuessPermit permit = _limiter.TryAcquire(user);
        if (!permit.Allowed)
        {
            Audit(user, OprfAuditKind.RateLimited, record.ShareIndex, permit.FailedGuesses);
            return Task.FromResult(OprfEvaluateResult.Limited(permit.RetryAfter,
                $"{permit.FailedGuesses} unconfirmed password guesses; the next is allowed in {Math.Ceiling(permit.RetryAfter.TotalSeconds)} s."));
        }

        // TOPPSS, 2HashDH T-OPRF: b_i = a^{k_i} (here k_i * a). k_i is in [1, q) and a is not infinity in a group of prime order,
        // so b_i is not infinity either.
        var keyShare = new BigInteger(1, record.KeyShare);
        GroupElement evaluated = GroupElement.FromPoint(request.BlindedElement.Point.Multiply(keyShare))!;
        GuessId guess = GuessId.New();
        RememberPendingGuess(user, guess);
        Audit(user, OprfAuditKind.Evaluated, record.ShareIndex, permit.FailedGuesses);
        return Task.FromResult(OprfEvaluateResult.Evaluated(record.ShareIndex, evaluated, record.Tag.ToArray(), record.Envelope.ToArray(), record.Epoch, guess));
    }

    public Task<OprfResult> ConfirmAsync(OprfConfirmRequest request, CancellationToken cancellationToken = default)
    {
        if (request?.Proof is null || request.User.Value is null)
        {
            return Task.FromResult(new OprfResult(OprfStatus.Malformed, "the confirmation needs a user and a proof."));
        }

        UserId user = request.User;
        using var record = _store.Get(user);
        if (record is null)
        {
            Audit(user, OprfAuditKind.UnknownUser, 0);
            return Task.FromResult(new OprfResult(OprfStatus.UnknownUser, "no record for this user."));
        }

        if (!IsPending(user, request.Guess)
            || !OprfProofs.Verify(record.ConfirmationKey, OprfProofs.ConfirmLabel, user, record.Epoch, request.Guess.ToBytes(), request.Proof))
        {
            return Task.FromResult(Refuse(user, OprfAuditKind.ConfirmRefused, record.ShareIndex, OprfStatus.NotAuthorized,
                "the guess is not pending here or the proof does not verify."));
        }

        ForgetPendingGuesses(user);
        _limiter.Reset(user);
        Audit(user, OprfAuditKind.Confirmed, record.ShareIndex);
        return Task.FromResult(OprfResult.Ok);
    }

    public Task<OprfResult> RefreshAsync(OprfRefreshRequest request, CancellationToken cancellationToken = default)
    {
        if (request?.Delta is null || request.Proof is null || request.User.Value is null)
        {
            return Task.FromResult(new OprfResult(OprfStatus.Malformed, "the refresh needs a user, a delta and a proof."));
        }

        UserId user = request.User;
        using var record = _store.Get(user);
        if (CheckCurrent(record, user, request.Epoch, OprfAuditKind.RefreshRefused) is { } refused)
        {
            return Task.FromResult(refused);
        }

        if (P256.TryScalarFromBytes(request.Delta) is not { } delta)
        {
            return Task.FromResult(Refuse(user, OprfAuditKind.RefreshRefused, record!.ShareIndex, OprfStatus.Malformed, "the delta must be 32 bytes big-endian below q."));
        }

        if (!OprfProofs.Verify(record!.ConfirmationKey, OprfProofs.RefreshLabel, user, record.Epoch, request.Delta, request.Proof))
        {
            return Task.FromResult(Refuse(user, OprfAuditKind.RefreshRefused, record.ShareIndex, OprfStatus.NotAuthorized, "the refresh proof does not verify."));
        }

        // Proactive refresh (Herzberg, Jarecki, Krawczyk, Yung, CRYPTO 1995): k_i' = k_i + d_i with d a sharing of zero.
        BigInteger refreshed = new BigInteger(1, record.KeyShare).Add(delta).Mod(P256.Order);
        if (refreshed.SignValue == 0)
        {
            return Task.FromResult(Refuse(user, OprfAuditKind.RefreshRefused, record.ShareIndex, OprfStatus.Malformed, "the refreshed share would be zero; draw another sharing."));
        }

        using var replacement = record.WithKeyShare(P256.ScalarToBytes(refreshed), record.Epoch + 1);
        if (!_store.TryReplace(record.Epoch, replacement))
        {
            return Task.FromResult(Refuse(user, OprfAuditKind.RefreshRefused, record.ShareIndex, OprfStatus.StaleEpoch, "the record changed while it was being refreshed."));
        }

        Audit(user, OprfAuditKind.Refreshed, record.ShareIndex);
        return Task.FromResult(OprfResult.Ok);
    }

    public Task<OprfResult> RemoveAsync(OprfRemoveRequest request, CancellationToken cancellationToken = default)
    {
        if (request?.Proof is null || request.User.Value is null)
        {
            return Task.FromResult(new OprfResult(OprfStatus.Malformed, "the removal needs a user and a proof."));
        }

        UserId user = request.User;
        using var record = _store.Get(user);
        if (CheckCurrent(record, user, request.Epoch, OprfAuditKind.RemoveRefused) is { } refused)
        {
            return Task.FromResult(refused);
        }

        if (!OprfProofs.Verify(record!.ConfirmationKey, OprfProofs.RemoveLabel, user, record.Epoch, [], request.Proof))
        {
            return Task.FromResult(Refuse(user, OprfAuditKind.RemoveRefused, record.ShareIndex, OprfStatus.NotAuthorized, "the removal proof does not verify."));
        }

        if (!_store.TryRemove(user, record.Epoch))
        {
            return Task.FromResult(Refuse(user, OprfAuditKind.RemoveRefused, record.ShareIndex, OprfStatus.StaleEpoch, "the record changed while it was being removed."));
        }

        ForgetPendingGuesses(user);
        _limiter.Reset(user);
        Audit(user, OprfAuditKind.Removed, record.ShareIndex);
        return Task.FromResult(OprfResult.Ok);
    }

    private OprfResult? CheckCurrent(OprfServerRecord? record, UserId user, long epoch, OprfAuditKind refusal)
    {
        if (record is null)
        {
            Audit(user, OprfAuditKind.UnknownUser, 0);
            return new OprfResult(OprfStatus.UnknownUser, "no record for this user.");
        }

        return record.Epoch == epoch
            ? null
            : Refuse(user, refusal, record.ShareIndex, OprfStatus.StaleEpoch, $"the record is at epoch {record.Epoch}, not {epoch}.");
    }

    private OprfResult Refuse(UserId user, OprfAuditKind kind, int shareIndex, OprfStatus status, string problem)
    {
        Audit(user, kind, shareIndex, detail: problem);
        return new OprfResult(status, problem);
    }

    private void Audit(UserId user, OprfAuditKind kind, int shareIndex, int? failedGuesses = null, string? detail = null) =>
        _audit.Record(new OprfAuditEvent(_time.GetUtcNow(), user, kind, shareIndex, failedGuesses ?? _limiter.FailedGuesses(user), detail));

    private void RememberPendingGuess(UserId user, GuessId guess)
    {
        lock (_pendingLock)
        {
            if (!_pending.TryGetValue(user, out var guesses))
            {
                _pending[user] = guesses = [];
            }

            if (guesses.Count == PendingGuessesPerUser)
            {
                guesses.RemoveAt(0);
            }

            guesses.Add(guess);
        }
    }

    private bool IsPending(UserId user, GuessId guess)
    {
        lock (_pendingLock)
        {
            return _pending.TryGetValue(user, out var guesses) && guesses.Contains(guess);
        }
    }

    private void ForgetPendingGuesses(UserId user)
    {
        lock (_pendingLock)
        {
            _pending.Remove(user);
        }
    }
}
