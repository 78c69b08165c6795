using BenchmarkDotNet.Attributes;
using QkdNet.PostProcessing.Authentication;
using QkdNet.PostProcessing.Channel;
using QkdNet.PostProcessing.Pipeline;
using QkdNet.PostProcessing.Reconciliation;
using QkdNet.Primitives;
using QkdNet.Quantum.KeyRate;
using QkdNet.Quantum.Physics;
using QkdNet.Quantum.Simulation;

namespace QkdNet.Benchmarks.PostProcessing;

/// <summary>
/// Cascade opt8 inside the pipeline against Cascade alone, on one 1e6-sifted-bit block of the 25 km
/// GYS link at 3 % QBER: the whole pipeline (both ends, authenticated in-memory channel, as
/// <c>qkdnet bench postprocess</c> runs it), Cascade alone on a key pair of the same length and QBER
/// over the bare in-memory channel, and the same Cascade run over the Wegman-Carter authenticated
/// channel. The difference of the last two is what the pipeline's framing costs Cascade.
/// Meant for the CPU harness: <c>QkdNet.Benchmarks.dll cpu PipelineBenchmarks 20 10</c>.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private const double Qber = 0.03;
    private readonly IReconciler _reconciler = new CascadeReconciler(CascadeParameters.OptimizedOpt8);
    private SimulationOutcome _raw = null!;
    private PostProcessingOptions _options = null!;
    private BitString _alice = new(0);
    private BitString _bobNoisy = new(0);

    [GlobalSetup]
    public void Setup()
    {
        QkdLink gys = LinkPresets.Create("gys", 25).Value;
        QkdLink link = QkdLink.Create(gys.Source, gys.Channel, gys.Detector, Qber, gys.ErrorCorrectionEfficiency, gys.SiftingFactor).Value;
        double siftedPerPulse = link.Source.SignalProbability * LinkStatistics.ForIntensity(link, Intensity.Signal).Gain * 0.5;
        _options = new PostProcessingOptions { SignalMu = link.Source.SignalMu, DecoyNu = link.Source.DecoyNu, Reconciler = _reconciler };
        _raw = PulseSimulator.Seeded(link, 7).Run((long)Math.Ceiling(1e6 / siftedPerPulse));
        // The pipeline reconciles the 95 % of the sifted bits left after the QBER sample.
        (_alice, _bobNoisy, _) = SimulatedKeyPair.Create(950_000, Qber, new Random(2024));
    }

    /// <summary>One block through every stage at both ends, as <c>bench postprocess</c> runs it.</summary>
    [Benchmark]
    public long WholePipeline()
    {
        using var pair = new PostProcessingPair(_options);
        var (_, bob) = pair.ProcessAsync(_raw.Alice, _raw.Bob).GetAwaiter().GetResult();
        return bob.Report.SecretKeyBits;
    }

    /// <summary>Cascade alone, both ends over the bare in-memory channel (as <c>bench cascade</c>).</summary>
    [Benchmark]
    public long CascadeBare()
    {
        var (a, b) = InMemoryClassicalChannel.CreatePair();
        return Reconcile(a, b);
    }

    /// <summary>Cascade alone over the Wegman-Carter channel the pipeline wraps every message in.</summary>
    [Benchmark]
    public long CascadeAuthenticated()
    {
        var (a, b) = InMemoryClassicalChannel.CreatePair();
        BitString forwardKey = BitString.Random(1 << 17), backwardKey = BitString.Random(1 << 17);
        using AuthenticationKeyPool aForward = new(forwardKey), aBackward = new(backwardKey), bForward = new(forwardKey), bBackward = new(backwardKey);
        using var alice = new AuthenticatedClassicalChannel(a, aForward, aBackward, AuthenticationRole.Alice);
        using var bob = new AuthenticatedClassicalChannel(b, bBackward, bForward, AuthenticationRole.Bob);
        return Reconcile(alice, bob);
    }

    private long Reconcile(IClassicalChannel aliceEnd, IClassicalChannel bobEnd)
    {
        BitString bobKey = _bobNoisy.Clone();
        Task<ReconciliationResult> alice = _reconciler.ReconcileAliceAsync(_alice, Qber, aliceEnd);
        ReconciliationResult bob = _reconciler.ReconcileBobAsync(bobKey, Qber, bobEnd).GetAwaiter().GetResult();
        alice.GetAwaiter().GetResult();
        return bob.DisclosedParityBits;
    }
}
