namespace QkdNet.Node.Tests.Support;

/// <summary>A fact that needs a PostgreSQL server: skipped unless <c>QKDNET_TEST_POSTGRES</c> holds an Npgsql connection string.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "QKDNET_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = "PostgreSQL tests need a server: set QKDNET_TEST_POSTGRES to an Npgsql connection string (.ci/run does).";
        }
    }

    public static string ConnectionString => Environment.GetEnvironmentVariable(Variable)!;
}
