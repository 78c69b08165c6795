using BenchmarkDotNet.Attributes;
using QkdNet.PostProcessing.Pipeline;
using QkdNet.Primitives;
using QkdNet.Quantum.KeyRate;
using QkdNet.Quantum.Physics;
using QkdNet.Quantum.Detections;
using QkdNet.Quantum.Simulation;

namespace QkdNet.Benchmarks.PostProcessing;

/// <summary>
/// The sifting stage of one 1e6-sifted-bit block of the 25 km GYS link at 3 % QBER (about 2e6
/// detections), piece by piece and whole (both ends, one thread, without the Wegman-Carter tags,
/// which <see cref="AuthenticationBenchmarks"/> measures). Sifted Mbit/s = 1e6 / mean time.
/// </summary>
[MemoryDiagnoser]
public class SiftingBenchmarks
{
    private AliceDetectionRecord _alice = null!;
    private BobDetectionRecord _bob = null!;
    private byte[] _detections = [];
    private byte[] _siftInfo = [];
    private BitString _low = null!;
    private BitString _high = null!;

    [GlobalSetup]
    public void Setup()
    {
        QkdLink gys = LinkPresets.Create("gys", 25).Value;
        QkdLink link = QkdLink.Create(gys.Source, gys.Channel, gys.Detector, 0.03, gys.ErrorCorrectionEfficiency, gys.SiftingFactor).Value;
        double siftedPerPulse = link.Source.SignalProbability * LinkStatistics.ForIntensity(link, Intensity.Signal).Gain * 0.5;
        SimulationOutcome raw = PulseSimulator.Seeded(link, 7).Run((long)Math.Ceiling(1e6 / siftedPerPulse));
        (_alice, _bob) = (raw.Alice, raw.Bob);
        _detections = PipelineCodec.Detections(_bob.Slots.Span, _bob.Bases);
        (_low, _high) = Sifting.PackIntensities(_alice.Intensities);
        _siftInfo = PipelineCodec.SiftInfo(_alice.Bases, _low, _high, _alice.PulsesPerIntensity);
    }

    [Benchmark]
    public byte[] BobAnnounces() => PipelineCodec.Detections(_bob.Slots.Span, _bob.Bases);

    [Benchmark]
    public bool AliceChecksSlots() => PipelineCodec.TryReadDetectionsMatching(_detections, _alice.Slots.Span, out _);

    [Benchmark]
    public byte[] AliceAnswers()
    {
        var (low, high) = Sifting.PackIntensities(_alice.Intensities);
        return PipelineCodec.SiftInfo(_alice.Bases, low, high, _alice.PulsesPerIntensity);
    }

    [Benchmark]
    public int BobReadsAnswer() => PipelineCodec.ReadSiftInfo(_siftInfo, _bob.Count).AliceBases.Length;

    [Benchmark]
    public int OneEndSifts()
    {
        var sift = Sifting.Compute(_alice.Bases, _bob.Bases, _low, _high);
        return BitSelection.Select(_bob.Bits, sift.SignalMask).Length + BitSelection.Select(_bob.Bits, sift.DecoyMask).Length;
    }

    /// <summary>Everything both ends do in the sifting stage, but the authentication tags.</summary>
    [Benchmark]
    public int WholeStageBothEnds()
    {
        byte[] announce = PipelineCodec.Detections(_bob.Slots.Span, _bob.Bases);
        if (!PipelineCodec.TryReadDetectionsMatching(announce, _alice.Slots.Span, out BitString bobBases))
        {
            throw new InvalidOperationException("slots differ");
        }

        var (low, high) = Sifting.PackIntensities(_alice.Intensities);
        byte[] answer = PipelineCodec.SiftInfo(_alice.Bases, low, high, _alice.PulsesPerIntensity);
        var alice = Sifting.Compute(_alice.Bases, bobBases, low, high);
        int bits = BitSelection.Select(_alice.Bits, alice.SignalMask).Length + BitSelection.Select(_alice.Bits, alice.DecoyMask).Length;
        var (aliceBases, bLow, bHigh, _) = PipelineCodec.ReadSiftInfo(answer, _bob.Count);
        var bob = Sifting.Compute(aliceBases, _bob.Bases, bLow, bHigh);
        return bits + BitSelection.Select(_bob.Bits, bob.SignalMask).Length + BitSelection.Select(_bob.Bits, bob.DecoyMask).Length;
    }
}
