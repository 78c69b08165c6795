using BenchmarkDotNet.Attributes;
using QkdNet.PostProcessing.PrivacyAmplification;
using QkdNet.Primitives;

namespace QkdNet.Benchmarks.PostProcessing;

/// <summary>
/// Toeplitz hashing of the largest blocks (10^7 and 10^8 bits to half as many) by the automatic
/// choice, the additive FFT; Karatsuba is left out here because it takes tens of seconds per op.
/// </summary>
[Config(typeof(HashingBenchmarkConfig))]
public class ToeplitzLargeBlockBenchmarks
{
    private BitString _input = null!;
    private BitString _seed = null!;

    [Params(10_000_000, 100_000_000)]
    public int Bits { get; set; }

    private int OutputBits => Bits / 2;

    [GlobalSetup]
    public void Setup()
    {
        _input = BitString.Random(Bits);
        _seed = BitString.Random(ToeplitzHash.SeedBits(Bits, OutputBits));
    }

    [Benchmark]
    public BitString Automatic() => ToeplitzHash.Compute(_input, _seed, OutputBits);
}
