using System.Data.Common;
using System.Security.Cryptography;

namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// The one implementation of <see cref="IOprfRecordStore"/> over ADO.NET that SQLite and PostgreSQL share (as
/// <see cref="Storage.SqlShareStore"/> does for shares): one row per user in <c>oprf_records</c> with its epoch beside it
/// for the compare-and-swap, the same statements (parameters as <c>@name</c>, which both providers take). The rows hold
/// key shares: the database is key material. Serialised bytes are zeroed after each use. Thread-safe (one connection
/// behind one lock). A subclass creates the table.
/// </summary>
public abstract class SqlOprfRecordStore : IOprfRecordStore, IDisposable
{
    private readonly DbConnection _connection;
    private readonly Lock _lock = new();

    /// <summary>Takes ownership of an open <paramref name="connection"/> whose <c>oprf_records</c> table exists.</summary>
    protected SqlOprfRecordStore(DbConnection connection) => _connection = connection ?? throw new ArgumentNullException(nameof(connection));

    /// <inheritdoc />
    public OprfServerRecord? Get(UserId user)
    {
        lock (_lock)
        {
            using DbCommand command = Command("SELECT record FROM oprf_records WHERE user_id = @user;", ("user", user.Value));
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

    /// <inheritdoc />
    public bool TryAdd(OprfServerRecord record) =>
        Write("INSERT INTO oprf_records (user_id, epoch, record) VALUES (@user, @epoch, @record) ON CONFLICT (user_id) DO NOTHING;", record, expectedEpoch: null);

    /// <inheritdoc />
    public bool TryReplace(long expectedEpoch, OprfServerRecord replacement) =>
        Write("UPDATE oprf_records SET epoch = @epoch, record = @record WHERE user_id = @user AND epoch = @expected;", replacement, expectedEpoch);

    /// <inheritdoc />
    public bool TryRemove(UserId user, long expectedEpoch)
    {
        lock (_lock)
        {
            using DbCommand command = Command("DELETE FROM oprf_records WHERE user_id = @user AND epoch = @expected;", ("user", user.Value), ("expected", expectedEpoch));
            return command.ExecuteNonQuery() == 1;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _connection.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Runs one statement on <paramref name="connection"/> (schema set-up).</summary>
    protected static void Execute(DbConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private bool Write(string sql, OprfServerRecord record, long? expectedEpoch)
    {
        byte[] bytes = record.Serialize();
        try
        {
            lock (_lock)
            {
                using DbCommand command = Command(sql, ("user", record.User.Value), ("epoch", record.Epoch), ("record", bytes), ("expected", expectedEpoch ?? -1));
                return command.ExecuteNonQuery() == 1;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private DbCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        DbCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach ((string name, object value) in parameters)
        {
            if (sql.Contains("@" + name, StringComparison.Ordinal))
            {
                DbParameter parameter = command.CreateParameter();
                parameter.ParameterName = "@" + name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }
        }

        return command;
    }
}
