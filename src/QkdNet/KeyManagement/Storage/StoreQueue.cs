namespace QkdNet.KeyManagement.Storage;

/// <summary>What queuing a request needs from a key store: handing an operation to its single writer.</summary>
internal interface IStoreQueue
{
    /// <summary>Queues <paramref name="operation"/> for the writer; throws <see cref="ObjectDisposedException"/> once the store is closed.</summary>
    void Submit(StoreOperation operation);
}

/// <summary>Wrapping a request for a key store's writer, the same for every store.</summary>
internal static class StoreQueue
{
    /// <summary>
    /// Queues <paramref name="body"/> to run on the writer inside a transaction; <paramref name="discard"/> undoes its
    /// in-memory effects when the transaction rolls back. The task completes after the commit.
    /// </summary>
    public static Task<KeyStoreResult<T>> Enqueue<T>(IStoreQueue store, Func<KeyStoreResult<T>> body, Action<KeyStoreResult<T>>? discard, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<KeyStoreResult<T>>(cancellationToken);
        }

        var operation = new StoreOperation<T>(body, discard);
        store.Submit(operation);
        return operation.Task;
    }
}
