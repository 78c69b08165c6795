namespace QkdNet.KeyManagement.Storage;

/// <summary>
/// A reservation whose confirmation (the peer's import) starts once the writer has executed its whole batch, just
/// before COMMIT, so the peer's durable write runs while this store's batch commits (the batch's confirmations start
/// together, so a batching Kx client sends them as one request); the caller's task completes when both are done. Once the
/// confirmation has started, the reservation is never executed again with other material: if its batch rolls back,
/// the retry only consumes (burns) the material the peer was told about, and the reservation fails (see
/// <see cref="IKeyStore.ReserveConfirmedAsync"/> for why that is safe).
/// </summary>
/// <param name="reserve">The reservation, run by the writer inside the transaction.</param>
/// <param name="burn">Consumes the named material without making keys, run by the writer after a rollback.</param>
/// <param name="confirm">The caller's confirmation.</param>
/// <param name="cancellationToken">Passed to the confirmation.</param>
internal sealed class ConfirmedReserveOperation(
    Func<Result<Reservation, KeyStoreFailure>> reserve,
    Func<ReservationDescriptor, Result<int, KeyStoreFailure>> burn,
    Func<ReservationDescriptor, CancellationToken, Task<string?>> confirm,
    CancellationToken cancellationToken) : StoreOperation
{
    private const string RolledBack = "The key store could not make the reservation durable; no key was handed out.";

    private readonly TaskCompletionSource<Result<Reservation, KeyStoreFailure>> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Result<Reservation, KeyStoreFailure> _result;
    private ReservationDescriptor? _confirming;
    private Task<string?>? _confirmation;
    private bool _burning;

    public Task<Result<Reservation, KeyStoreFailure>> Task => _completion.Task;

    /// <summary>Rolled back after the confirmation started and not yet burnt: run once more, alone, to burn.</summary>
    public override bool RetriesAfterRollback => _confirming is not null && !_burning;

    public override void Execute()
    {
        if (_confirming is { } told)
        {
            _burning = true;
            Result<int, KeyStoreFailure> burnt = burn(told);
            _result = Result<Reservation, KeyStoreFailure>.Fail(new KeyStoreFailure(burnt.Error?.Code ?? KeyStoreError.StorageFailure, RolledBack));
            return;
        }

        _result = reserve();
    }

    public override void Prepared()
    {
        if (_confirming is null && _result.TryGetValue(out Reservation? reserved))
        {
            _confirming = reserved.Descriptor;
            _confirmation = ConfirmationOutcome.RunAsync(confirm, _confirming, cancellationToken);
        }
    }

    public override void Discard()
    {
        foreach (DeliveredKey key in _result.TryGetValue(out Reservation? reserved) ? reserved.Keys : [])
        {
            key.Material.Dispose();
        }

        _result = default;
    }

    public override void Complete()
    {
        if (_confirmation is null || !_result.TryGetValue(out Reservation? reservation))
        {
            Finish(_result);
            return;
        }

        _confirmation.ContinueWith(
            (done, state) => ((ConfirmedReserveOperation)state!)._completion.TrySetResult(ConfirmationOutcome.Settle(reservation, done.Result)),
            this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public override void Fail(KeyStoreError error, string detail)
    {
        Discard();
        Finish(Result<Reservation, KeyStoreFailure>.Fail(new KeyStoreFailure(error, _confirming is null ? detail : RolledBack)));
    }

    /// <summary>Answers <paramref name="failure"/> once the confirmation (if any) has answered too, so the caller never races the peer.</summary>
    private void Finish(Result<Reservation, KeyStoreFailure> failure)
    {
        if (_confirmation is null)
        {
            _completion.TrySetResult(failure);
            return;
        }

        _confirmation.ContinueWith(
            (_, state) => ((ConfirmedReserveOperation)state!)._completion.TrySetResult(failure),
            this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
