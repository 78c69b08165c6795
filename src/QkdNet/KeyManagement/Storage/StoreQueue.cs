namespace QkdNet.KeyManagement.Storage;

/// <summary>What queuing a request needs from a key store: handing an operation to its single writer.</summary>
internal interface IStoreQueue
{
    /// <summary>Queues <paramref name="operation"/> for the writer; throws <see cref="ObjectDisposedException"/> once the store is closed.</summary>
    void Submit(StoreOperation operation);
}

/// <summary>Wrapping a request for a key store's writer and ending a batch's requests, the same for every store.</summary>
internal static class StoreQueue
{
    /// <summary>
    /// Queues <paramref name="body"/> to run on the writer inside a transaction; <paramref name="discard"/> undoes its
    /// in-memory effects when the transaction rolls back. The task completes after the commit.
    /// </summary>
    public static Task<Result<T, KeyStoreFailure>> Enqueue<T>(IStoreQueue store, Func<Result<T, KeyStoreFailure>> body, Action<Result<T, KeyStoreFailure>>? discard, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<Result<T, KeyStoreFailure>>(cancellationToken);
        }

        var operation = new StoreOperation<T>(body, discard);
        store.Submit(operation);
        return operation.Task;
    }

    /// <summary>Fails every request of a batch that cannot run at all.</summary>
    public static void FailAll(IReadOnlyList<StoreOperation> batch, string detail)
    {
        foreach (StoreOperation operation in batch)
        {
            operation.Fail(KeyStoreError.StorageFailure, detail);
        }
    }

    /// <summary>
    /// Ends the requests of a batch that rolled back: a request alone in its batch fails (unless it asks to run once
    /// more, see <see cref="StoreOperation.RetriesAfterRollback"/>); the others are discarded, to be retried one by one.
    /// </summary>
    public static void RolledBack(IReadOnlyList<StoreOperation> batch, Exception failure)
    {
        foreach (StoreOperation operation in batch)
        {
            if (batch.Count == 1 && !operation.RetriesAfterRollback)
            {
                operation.Fail(KeyStoreError.StorageFailure, $"The key store could not make the change durable ({failure.GetType().Name}); nothing was consumed.");
            }
            else
            {
                operation.Discard();
            }
        }
    }

    /// <summary>Hands every request of a committed batch its result.</summary>
    public static void Committed(IReadOnlyList<StoreOperation> batch)
    {
        foreach (StoreOperation operation in batch)
        {
            operation.Complete();
        }
    }
}
