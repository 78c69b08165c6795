using Npgsql;

namespace QkdNet.Storage.Postgres;

/// <summary>Typed parameters without boxing, chained: <c>Command(sql).With("id", id).ExecuteScalar()</c>, <c>Defer(sql).With("id", id)</c>.</summary>
internal static class NpgsqlCommandExtensions
{
    public static NpgsqlCommand With<T>(this NpgsqlCommand command, string name, T value)
    {
        command.Parameters.Add(new NpgsqlParameter<T>(name, value));
        return command;
    }

    public static NpgsqlBatchCommand With<T>(this NpgsqlBatchCommand command, string name, T value)
    {
        command.Parameters.Add(new NpgsqlParameter<T>(name, value));
        return command;
    }
}
