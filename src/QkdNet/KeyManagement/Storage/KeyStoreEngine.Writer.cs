namespace QkdNet.KeyManagement.Storage;

public partial class KeyStoreEngine
{
    /// <summary>Set when a rollback could not restore a known state; the next batch asks the backend to reopen first.</summary>
    private volatile bool _broken;

    /// <summary>
    /// The single writer: takes every request queued since the last commit (up to the batch size), runs them
    /// in one transaction and completes them after the commit returns, i.e. once the batch is durable. When a batch
    /// fails, its requests are retried one per transaction so one bad request (say, a failing audit write) fails
    /// alone and consumes nothing while the others go through (and a request that asks for it, see
    /// <see cref="StoreOperation.RetriesAfterRollback"/>, runs once more even when it failed alone).
    /// </summary>
    private void RunWriter()
    {
        var batch = new List<StoreOperation>(_options.MaxBatchSize);
        // blocking is the point: this is the writer's own thread (see the constructor); the queue is completed and
        // drained only at dispose
        while (!_queue.Reader.Completion.IsCompleted)
        {
            if (!_queue.Reader.TryPeek(out _))
            {
                _queued.WaitOne();
                continue;
            }

            while (batch.Count < _options.MaxBatchSize && _queue.Reader.TryRead(out StoreOperation? operation))
            {
                batch.Add(operation);
            }

            if (!TryCommit(batch) && (batch.Count > 1 || batch[0].RetriesAfterRollback))
            {
                foreach (StoreOperation operation in batch)
                {
                    TryCommit([operation]);
                }
            }

            batch.Clear();
        }
    }

    private bool TryCommit(IReadOnlyList<StoreOperation> batch)
    {
        if (_broken && !TryReopen())
        {
            foreach (StoreOperation operation in batch)
            {
                operation.Fail(KeyStoreError.StorageFailure, $"The key store {_backend.Medium} failed and could not be reopened; nothing was consumed. Retry later, or restart the node.");
            }

            return true;
        }

        try
        {
            _backend.BeginBatch();
            foreach (StoreOperation operation in batch)
            {
                operation.Execute();
            }

            FlushChunks();
            WriteAuditHeadIfMoved();
            foreach (StoreOperation operation in batch)
            {
                operation.Prepared();
            }

            _options.BeforeCommit?.Invoke();
            _backend.CommitBatch();
            ClearChunks();
        }
#pragma warning disable CA1031 // any failure of the storage (or a bug) must fail the batch, never kill the writer
        catch (Exception failure)
#pragma warning restore CA1031
        {
            StoreFailureLog.BatchFailed(_logger, _backend.Name, batch.Count, failure);
            ClearChunks();
            RollBack();
            foreach (StoreOperation operation in batch)
            {
                if (batch.Count == 1 && !operation.RetriesAfterRollback)
                {
                    operation.Fail(KeyStoreError.StorageFailure, $"The key store could not make the change durable ({failure.GetType().Name}); nothing was consumed.");
                }
                else
                {
                    operation.Discard(); // to be retried one by one
                }
            }

            return false;
        }

        foreach (StoreOperation operation in batch)
        {
            operation.Complete();
        }

        return true;
    }

    private void RollBack()
    {
        try
        {
            _backend.RollBackBatch();
            // the in-memory pools and audit head may hold changes of the rolled-back requests
            LoadState();
        }
#pragma warning disable CA1031 // the storage is unusable: stop serving (or reopen) rather than guess at the state
        catch (Exception failure)
#pragma warning restore CA1031
        {
            StoreFailureLog.RecoveryFailed(_logger, _backend.Name, failure);
            _broken = true;
        }
    }

    /// <summary>
    /// Asks the backend to reopen (a new connection: the old session, and its exclusive claim, may be gone), then reloads
    /// the state. A commit whose answer was lost may have happened: the reload then shows that material as consumed
    /// (wasted, never handed out twice).
    /// </summary>
    private bool TryReopen()
    {
        try
        {
            if (!_backend.TryReopen())
            {
                return false;
            }

            LoadState();
            _broken = false;
            return true;
        }
#pragma warning disable CA1031 // still unusable: fail this batch, try again at the next
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }
}
