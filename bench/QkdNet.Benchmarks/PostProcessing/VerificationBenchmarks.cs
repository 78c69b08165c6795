using BenchmarkDotNet.Attributes;
using QkdNet.PostProcessing.Verification;
using QkdNet.Primitives;

namespace QkdNet.Benchmarks.PostProcessing;

/// <summary>Verification tag of a Bits-bit reconciled key (polynomial hash over GF(2^64)).</summary>
[Config(typeof(HashingBenchmarkConfig))]
public class VerificationBenchmarks
{
    private BitString _key = null!;
    private byte[] _tag = null!;

    [Params(10_000, 1_000_000, 100_000_000)]
    public int Bits { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _key = BitString.Random(Bits);
        _tag = KeyVerifier.CreateTag(_key);
    }

    [Benchmark]
    public byte[] CreateTag() => KeyVerifier.CreateTag(_key);

    [Benchmark]
    public bool Verify() => KeyVerifier.Verify(_key, _tag);
}
