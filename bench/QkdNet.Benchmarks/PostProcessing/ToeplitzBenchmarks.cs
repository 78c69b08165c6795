using BenchmarkDotNet.Attributes;
using QkdNet.PostProcessing.PrivacyAmplification;
using QkdNet.Primitives;

namespace QkdNet.Benchmarks.PostProcessing;

/// <summary>
/// Toeplitz hashing of a Bits-bit block to Bits/2 bits by each fast algorithm and by the automatic
/// choice; ToeplitzHash.FftThresholdBits and CarrylessPolynomial.KaratsubaThreshold cite these.
/// </summary>
[Config(typeof(HashingBenchmarkConfig))]
public class ToeplitzBenchmarks
{
    private BitString _input = null!;
    private BitString _seed = null!;

    [Params(16_384, 65_536, 1_000_000)]
    public int Bits { get; set; }

    private int OutputBits => Bits / 2;

    [GlobalSetup]
    public void Setup()
    {
        _input = BitString.Random(Bits);
        _seed = BitString.Random(ToeplitzHash.SeedBits(Bits, OutputBits));
    }

    [Benchmark(Baseline = true)]
    public BitString Karatsuba() => ToeplitzHash.Compute(_input, _seed, OutputBits, ToeplitzAlgorithm.Karatsuba);

    [Benchmark]
    public BitString AdditiveFft() => ToeplitzHash.Compute(_input, _seed, OutputBits, ToeplitzAlgorithm.AdditiveFft);

    [Benchmark]
    public BitString Automatic() => ToeplitzHash.Compute(_input, _seed, OutputBits);
}
