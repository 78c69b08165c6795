using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Sealing;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Benchmarks.KeyManagement;

/// <summary>
/// Keys delivered per second through two SQLite stores (master and slave node) with every step durable
/// (synchronous=FULL): <see cref="Callers"/> concurrent SAE pairs each loop reserve (enc_keys) -> import (Kx) ->
/// fetch (dec_keys) of 256-bit keys, <see cref="KeysPerRequest"/> keys per request. One operation = one key
/// delivered to both ends. Run: <c>dotnet run -c Release --project bench/QkdNet.Benchmarks -- --filter '*KeyStoreThroughput*'</c>.
/// </summary>
/// <remarks>
/// 2026-11-21, 2 shared cores (load average 6-11 from other builds), ext4 on virtio, dsync 4 KiB write ~0.2 ms:
/// 1 key/request median 124 us/key (~8,000 keys/s), 8 keys/request median 78 us/key (~12,800 keys/s); the
/// spread between iterations was 2x, so repeat on a quiet machine before quoting. Each store alone did
/// 11,000-25,000 reserve, import or fetch requests/s; the slave store (import + fetch per key) is the limit.
/// </remarks>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
[MemoryDiagnoser]
public class KeyStoreThroughputBenchmark
{
    private const int KeysPerInvocation = 4096;
    private string _folder = string.Empty;
    private SqliteKeyStore _master = null!;
    private SqliteKeyStore _slave = null!;

    /// <summary>Concurrent SAE pairs.</summary>
    [Params(64)]
    public int Callers { get; set; }

    /// <summary>ETSI <c>number</c> per request.</summary>
    [Params(1, 8)]
    public int KeysPerRequest { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("qkdnet-bench-").FullName;
        _master = OpenReady(0);
        _slave = OpenReady(1);
        // enough for warmup + 5 iterations of 4096 keys of 32 bytes, with room to spare
        KeyStoreLoad.Fill(_master, _slave, 24);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _master.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _slave.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = KeysPerInvocation)]
    public Task ReserveImportFetch() => KeyStoreLoad.ReserveImportFetchAsync(_master, _slave, Callers, KeysPerRequest, KeysPerInvocation);

    private SqliteKeyStore OpenReady(int node)
    {
        var options = new SqliteKeyStoreOptions
        {
            Path = Path.Combine(_folder, $"node{node}.db"),
            DefaultPool = new PoolOptions(256, 1 << 20, 2 << 20, 1L << 30),
        };
        SqliteKeyStore store = SqliteKeyStore.Open(options, TimeProvider.System);
        KeyStoreLoad.Check(store.InitializeSealAsync(new SealSetup("bench passphrase", 0, 0, SealSetup.MinPbkdf2Iterations)).GetAwaiter().GetResult());
        return store;
    }
}
