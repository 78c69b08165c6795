using Npgsql;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Storage.Postgres;

public sealed partial class PostgresKeyStore
{
    /// <summary>Set when the connection failed or a rollback could not restore a known state; the next batch reconnects first.</summary>
    private bool _broken;

    /// <summary>How the logs name this store.</summary>
    private string LogName => "PostgreSQL key store " + _options.Schema;

    /// <summary>
    /// The single writer: takes every request queued since the last commit (up to the batch size), runs them
    /// in one transaction and completes them after COMMIT returns. When a batch fails, its requests are retried
    /// one per transaction so one bad request (say, a failing audit write) fails alone and consumes nothing.
    /// </summary>
    private async Task RunWriterAsync()
    {
        var batch = new List<StoreOperation>(_options.MaxBatchSize);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _options.MaxBatchSize && _queue.Reader.TryRead(out StoreOperation? operation))
            {
                batch.Add(operation);
            }

            if (!TryCommit(batch) && batch.Count > 1)
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
        if (_broken && !TryReconnect())
        {
            StoreQueue.FailAll(batch, "The key store database is unreachable; nothing was consumed. Retry later.");

            return true;
        }

        try
        {
            _transaction = _connection.BeginTransaction();
            foreach (StoreOperation operation in batch)
            {
                operation.Execute();
            }

            StoreMaterial.FlushChunks(this);
            StoreAudit.WriteHeadIfMoved(this);
            FlushDeferred();
            _transaction.Commit();
            EndTransaction();
            StoreMaterial.ClearChunks(this);
        }
#pragma warning disable CA1031 // any failure of the storage (or a bug) must fail the batch, never kill the writer
        catch (Exception failure)
#pragma warning restore CA1031
        {
            StoreFailureLog.BatchFailed(_logger, LogName, batch.Count, failure);
            _deferred.Clear();
            StoreMaterial.ClearChunks(this);
            RollBack();
            StoreQueue.RolledBack(batch, failure);

            return false;
        }

        StoreQueue.Committed(batch);
        return true;
    }

    private void EndTransaction()
    {
        _transaction?.Dispose();
        _transaction = null;
    }

    private void RollBack()
    {
        try
        {
            if (_transaction is not null && _connection.FullState == System.Data.ConnectionState.Open)
            {
                _transaction.Rollback();
            }

            EndTransaction();
            // the in-memory pools and audit head may hold changes of the rolled-back requests
            LoadState();
        }
#pragma warning disable CA1031 // the connection is gone or the state unknown: reconnect before the next batch
        catch (Exception failure)
#pragma warning restore CA1031
        {
            StoreFailureLog.RecoveryFailed(_logger, LogName, failure);
            _transaction = null;
            _broken = true;
        }
    }

    /// <summary>
    /// Opens a new connection (the old session, and with it the advisory lock, may be gone), takes the lock
    /// again and reloads the state. A COMMIT whose answer was lost may have happened: the reload then shows
    /// that material as consumed (wasted, never handed out twice).
    /// </summary>
    private bool TryReconnect()
    {
        NpgsqlConnection old = _connection;
        try
        {
            old.Dispose();
            Connect();
            _broken = false;
            return true;
        }
#pragma warning disable CA1031 // still unreachable (or another process took the store): fail this batch, try again at the next
        catch (Exception)
#pragma warning restore CA1031
        {
            _connection = old;
            return false;
        }
    }
}
