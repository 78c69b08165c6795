using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// A share server's TOPPSS records in one SQLite file (WAL, synchronous=FULL: a stored record survives a crash), one row
/// per user with its epoch beside it for the compare-and-swap. The rows hold key shares: the file is key material
/// (owner-only permissions are the host's job). Serialised bytes are zeroed after each use. Thread-safe (one connection
/// behind one lock).
/// </summary>
public sealed class SqliteOprfRecordStore : IOprfRecordStore, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    private SqliteOprfRecordStore(SqliteConnection connection) => _connection = connection;

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

    public OprfServerRecord? Get(UserId user)
    {
        lock (_lock)
        {
            using var command = Command("SELECT record FROM oprf_records WHERE user_id = $user;", ("$user", user.Value));
            if (command.ExecuteScalar() is not byte[] bytes)
            {
                return null;
            }

            try
            {
                var record = OprfServerRecord.TryDeserialize(bytes);
                return record.IsSuccess
                    ? record.Value
                    : throw new InvalidDataException($"The stored TOPPSS record of user '{user}' is corrupt: {record.Error}");
            }
            finally
            {
                CryptographicOperations.ZeroMemory(bytes);
            }
        }
    }

    public bool TryAdd(OprfServerRecord record) =>
        Write("INSERT OR IGNORE INTO oprf_records (user_id, epoch, record) VALUES ($user, $epoch, $record);", record, expectedEpoch: null);

    public bool TryReplace(long expectedEpoch, OprfServerRecord replacement) =>
        Write("UPDATE oprf_records SET epoch = $epoch, record = $record WHERE user_id = $user AND epoch = $expected;", replacement, expectedEpoch);

    public bool TryRemove(UserId user, long expectedEpoch)
    {
        lock (_lock)
        {
            using var command = Command("DELETE FROM oprf_records WHERE user_id = $user AND epoch = $expected;", ("$user", user.Value), ("$expected", expectedEpoch));
            return command.ExecuteNonQuery() == 1;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _connection.Dispose();
        }
    }

    private bool Write(string sql, OprfServerRecord record, long? expectedEpoch)
    {
        byte[] bytes = record.Serialize();
        try
        {
            lock (_lock)
            {
                using var command = Command(sql, ("$user", record.User.Value), ("$epoch", record.Epoch), ("$record", bytes), ("$expected", expectedEpoch ?? -1));
                return command.ExecuteNonQuery() == 1;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            if (sql.Contains(name, StringComparison.Ordinal))
            {
                command.Parameters.AddWithValue(name, value);
            }
        }

        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
