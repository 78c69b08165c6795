namespace QkdNet.KeyManagement.Storage;

/// <summary>A <see cref="StoreOperation"/> whose caller awaits a <see cref="KeyStoreResult{T}"/>.</summary>
/// <param name="body">The work, run by the writer inside the transaction.</param>
/// <param name="discard">Undoes what a rolled-back success holds (zeroes keys); may be null.</param>
internal sealed class StoreOperation<T>(Func<KeyStoreResult<T>> body, Action<KeyStoreResult<T>>? discard = null) : StoreOperation
{
    private readonly TaskCompletionSource<KeyStoreResult<T>> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private KeyStoreResult<T> _result;
    private bool _executed;

    public Task<KeyStoreResult<T>> Task => _completion.Task;

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
        _completion.TrySetResult(KeyStoreResult<T>.Failure(error, detail));
    }
}
