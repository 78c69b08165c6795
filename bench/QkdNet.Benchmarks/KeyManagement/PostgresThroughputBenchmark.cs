using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Npgsql;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Storage.Postgres;

namespace QkdNet.Benchmarks.KeyManagement;

/// <summary>
/// <see cref="KeyStoreThroughputBenchmark"/>'s load on two <see cref="PostgresKeyStore"/>s (two schemas of the
/// database named by <c>QKDNET_TEST_POSTGRES</c>, synchronous_commit on). One operation = one key delivered to
/// both ends. Run: <c>QKDNET_TEST_POSTGRES=... dotnet run -c Release --project bench/QkdNet.Benchmarks -- --filter '*PostgresThroughput*'</c>.
/// </summary>
/// <remarks>
/// 2026-11-21, 2 shared cores under load average 20-30, local PostgreSQL 15: 1 key/request 4.4 ms/key, 8 keys/request
/// 0.53 ms/key (docs/PERFORMANCE.md); round trips to the server dominate, so repeat on a quiet machine.
/// </remarks>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
[MemoryDiagnoser]
public class PostgresThroughputBenchmark
{
    private const int KeysPerInvocation = 4096;
    private readonly string _prefix = $"qkdnet_bench_{Guid.NewGuid():N}";
    private PostgresKeyStore _master = null!;
    private PostgresKeyStore _slave = null!;

    /// <summary>Concurrent SAE pairs.</summary>
    [Params(64)]
    public int Callers { get; set; }

    /// <summary>ETSI <c>number</c> per request.</summary>
    [Params(1, 8)]
    public int KeysPerRequest { get; set; }

    private static string ConnectionString => Environment.GetEnvironmentVariable("QKDNET_TEST_POSTGRES")
        ?? throw new InvalidOperationException("Set QKDNET_TEST_POSTGRES to an Npgsql connection string.");

    [GlobalSetup]
    public void Setup()
    {
        _master = OpenReady(0);
        _slave = OpenReady(1);
        KeyStoreLoad.Fill(_master, _slave, 24);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _master.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _slave.DisposeAsync().AsTask().GetAwaiter().GetResult();
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP SCHEMA {_prefix}_0 CASCADE; DROP SCHEMA {_prefix}_1 CASCADE;", connection);
        drop.ExecuteNonQuery();
    }

    [Benchmark(OperationsPerInvoke = KeysPerInvocation)]
    public Task ReserveImportFetch() => KeyStoreLoad.ReserveImportFetchAsync(_master, _slave, Callers, KeysPerRequest, KeysPerInvocation);

    private PostgresKeyStore OpenReady(int node)
    {
        var options = new PostgresKeyStoreOptions
        {
            ConnectionString = ConnectionString,
            Schema = $"{_prefix}_{node}",
            DefaultPool = new PoolOptions(256, 1 << 20, 2 << 20, 1L << 30),
        };
        PostgresKeyStore store = PostgresKeyStore.Open(options, TimeProvider.System);
        KeyStoreLoad.Check(store.InitializeSealAsync(new SealSetup("bench passphrase", 0, 0, SealSetup.MinPbkdf2Iterations)).GetAwaiter().GetResult());
        return store;
    }
}
