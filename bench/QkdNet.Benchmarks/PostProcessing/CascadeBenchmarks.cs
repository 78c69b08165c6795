using BenchmarkDotNet.Attributes;
using QkdNet.PostProcessing.Channel;
using QkdNet.PostProcessing.Reconciliation;
using QkdNet.Primitives;

namespace QkdNet.Benchmarks.PostProcessing;

/// <summary>
/// Throughput of a full Cascade reconciliation, both ends in process over the in-memory channel.
/// Sifted-key throughput in Mbit/s = KeyLengthBits / mean time in microseconds. Both ends run on
/// the calling thread (the in-memory channel hands each message over synchronously), so this is
/// the throughput of one core.
/// Run: <c>dotnet run -c Release --project bench/QkdNet.Benchmarks -- --filter *Cascade*</c>.
/// </summary>
[MemoryDiagnoser]
public class CascadeBenchmarks
{
    private BitString _alice = new(0);
    private BitString _bobNoisy = new(0);
    private BitString _bob = new(0);
    private IReconciler _reconciler = new CascadeReconciler(CascadeParameters.Optimized);

    [Params(100_000, 1_000_000)]
    public int KeyLengthBits { get; set; }

    [Params(0.01, 0.03, 0.05)]
    public double Qber { get; set; }

    [Params("cascade-original", "cascade-opt7", "cascade-opt8")]
    public string Variant { get; set; } = "cascade-opt7";

    [GlobalSetup]
    public void Setup()
    {
        (_alice, _bobNoisy, _) = SimulatedKeyPair.Create(KeyLengthBits, Qber, new Random(2024));
        _reconciler = new CascadeReconciler(CascadeParameters.All.Single(p => p.Name == Variant));
    }

    [IterationSetup]
    public void ResetBob() => _bob = _bobNoisy.Clone();

    [Benchmark]
    public async Task<long> Reconcile()
    {
        var (aliceEnd, bobEnd) = InMemoryClassicalChannel.CreatePair();
        Task<ReconciliationResult> alice = _reconciler.ReconcileAliceAsync(_alice, Qber, aliceEnd);
        ReconciliationResult bob = await _reconciler.ReconcileBobAsync(_bob, Qber, bobEnd);
        await alice;
        return bob.DisclosedParityBits;
    }
}
