using Microsoft.Data.Sqlite;

namespace QkdNet.KeyManagement.Storage;

internal sealed partial class SqliteKeyStorage
{
    /// <summary>How often the checkpointer moves committed WAL frames into the database file.</summary>
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(250);

    private readonly ManualResetEventSlim _stopCheckpoints = new(false);
    private Thread? _checkpointer;

    /// <summary>
    /// Starts the background checkpointer. SQLite's automatic checkpoint runs inside the commit that pushes the WAL past
    /// 1000 pages, so that one commit, and every request queued behind the writer, also waits for the pages to be copied
    /// into the database file and for its fsync: at 10 000 keys/s that was a stall of hundreds of milliseconds every second
    /// or so (docs/PERFORMANCE.md). With <c>wal_autocheckpoint=0</c> on the writer, a second connection runs PASSIVE
    /// checkpoints instead, which never block the writer (https://www.sqlite.org/wal.html, "Checkpointing"); a commit
    /// stays durable the moment its WAL frames are synced, so durability is unchanged.
    /// </summary>
    private void StartCheckpointer(string connectionString)
    {
        Execute("PRAGMA wal_autocheckpoint=0;");
        _checkpointer = new Thread(() => RunCheckpoints(connectionString)) { IsBackground = true, Name = "key store checkpoints" };
        _checkpointer.Start();
    }

    private void RunCheckpoints(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using SqliteCommand checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        while (!_stopCheckpoints.Wait(CheckpointInterval))
        {
            try
            {
                checkpoint.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // busy or a transient I/O error: the frames stay in the WAL (still durable) and the next tick tries again
            }
        }
    }

    private void StopCheckpointer()
    {
        _stopCheckpoints.Set();
        _checkpointer?.Join();
        _stopCheckpoints.Dispose();
    }
}
