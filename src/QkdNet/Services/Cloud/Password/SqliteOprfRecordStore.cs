using Microsoft.Data.Sqlite;

namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// A share server's TOPPSS records in one SQLite file (WAL, synchronous=FULL: a stored record survives a crash), the
/// statements of <see cref="SqlOprfRecordStore"/>. Owner-only permissions on the file are the host's job.
/// </summary>
public sealed class SqliteOprfRecordStore : SqlOprfRecordStore
{
    private SqliteOprfRecordStore(SqliteConnection connection)
        : base(connection)
    {
    }

    /// <summary>Opens (creating when missing) the store at <paramref name="path"/>.</summary>
    public static SqliteOprfRecordStore Open(string path)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, "PRAGMA synchronous=FULL;");
            Execute(connection, "CREATE TABLE IF NOT EXISTS oprf_records (user_id TEXT PRIMARY KEY NOT NULL, epoch INTEGER NOT NULL, record BLOB NOT NULL) STRICT;");
            return new SqliteOprfRecordStore(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
