namespace QkdNet.KeyManagement.Storage;

public sealed partial class SqliteKeyStore
{
    /// <summary>Set when a rollback could not restore a known state; every later request fails.</summary>
    private volatile bool _broken;

    /// <summary>How the logs name this store.</summary>
    private string LogName => "SQLite key store " + _options.Path;

    /// <summary>
    /// The single writer: takes every request queued since the last commit (up to the batch size), runs them
    /// in one transaction and completes them after COMMIT returns, i.e. after the fsync. When a batch fails,
    /// its requests are retried one per transaction so one bad request (say, a failing audit write) fails
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
        if (_broken)
        {
            StoreQueue.FailAll(batch, "The key store file failed and could not be reread; restart the node.");

            return true;
        }

        try
        {
            Execute("BEGIN IMMEDIATE;");
            foreach (StoreOperation operation in batch)
            {
                operation.Execute();
            }

            StoreMaterial.FlushChunks(this);
            StoreAudit.WriteHeadIfMoved(this);
            foreach (StoreOperation operation in batch)
            {
                operation.Prepared();
            }

            _options.BeforeCommit?.Invoke();
            Execute("COMMIT;");
            StoreMaterial.ClearChunks(this);
        }
#pragma warning disable CA1031 // any failure of the storage (or a bug) must fail the batch, never kill the writer
        catch (Exception failure)
#pragma warning restore CA1031
        {
            StoreFailureLog.BatchFailed(_logger, LogName, batch.Count, failure);
            StoreMaterial.ClearChunks(this);
            RollBack();
            StoreQueue.RolledBack(batch, failure);

            return false;
        }

        StoreQueue.Committed(batch);
        return true;
    }

    private void RollBack()
    {
        try
        {
            if (SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0)
            {
                Execute("ROLLBACK;");
            }

            // the in-memory pools and audit head may hold changes of the rolled-back requests
            LoadState();
        }
#pragma warning disable CA1031 // the file is unusable: stop serving rather than guess at the state
        catch (Exception failure)
#pragma warning restore CA1031
        {
            StoreFailureLog.RecoveryFailed(_logger, LogName, failure);
            _broken = true;
        }
    }
}
