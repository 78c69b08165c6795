namespace QkdNet.KeyManagement.Storage;

/// <summary>A <see cref="StoreOperation"/> whose caller awaits a <see cref="Result{T, TError}"/>.</summary>
/// <param name="body">The work, run by the writer inside the transaction.</param>
/// <param name="discard">Undoes what a rolled-back success holds (zeroes keys); may be null.</param>
internal sealed class StoreOperation<T>(Func<Result<T, KeyStoreFailure>> body, Action<Result<T, KeyStoreFailure>>? discard = null) : StoreOperation
{
    private readonly TaskCompletionSource<Result<T, KeyStoreFailure>> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Result<T, KeyStoreFailure> _result;
    private bool _executed;

    public Task<Result<T, KeyStoreFailure>> Task => _completion.Task;

    public override void Execute()
    {
        _result = body();
        _executed = true;
    }

    public override void Discard()
    {
        if (_executed)
        {
            discard?.Invoke(_result);
            _executed = false;
            _result = default;
        }
    }

    public override void Complete() => _completion.TrySetResult(_result);

    public override void Fail(KeyStoreError error, string detail)
    {
        Discard();
        _completion.TrySetResult(Result<T, KeyStoreFailure>.Fail(new KeyStoreFailure(error, detail)));
    }
}
