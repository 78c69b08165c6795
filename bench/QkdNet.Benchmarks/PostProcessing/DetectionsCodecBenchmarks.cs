using BenchmarkDotNet.Attributes;
using QkdNet.PostProcessing.Pipeline;
using QkdNet.Primitives;

namespace QkdNet.Benchmarks.PostProcessing;

/// <summary>
/// The sifting stage's largest message: 2e6 detections (a 1e6-sifted-bit block) with slot gaps
/// like the 25 km GYS link's (mean about 100 pulses), encoded by Bob and decoded by Alice, who
/// compares the slots with her record (by encoding her own and comparing bytes). The Elias-Fano
/// layout's figures against the older gap lanes are in docs/PERFORMANCE.md, section "sift".
/// </summary>
[MemoryDiagnoser]
public class DetectionsCodecBenchmarks
{
    private long[] _slots = [];
    private BitString _bases = null!;
    private byte[] _message = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(5);
        _slots = new long[2_000_000];
        long slot = 0;
        for (int i = 0; i < _slots.Length; i++)
        {
            slot += 1 + (long)(-100 * Math.Log(1 - rng.NextDouble()));
            _slots[i] = slot;
        }

        _bases = BitString.Random(_slots.Length);
        _message = PipelineCodec.Detections(_slots, _bases);
    }

    [Benchmark]
    public byte[] Encode() => PipelineCodec.Detections(_slots, _bases);

    [Benchmark]
    public BitString DecodeAndCompare() =>
        PipelineCodec.TryReadDetectionsMatching(_message, _slots, out BitString bases) ? bases : throw new InvalidOperationException("slots differ");
}
