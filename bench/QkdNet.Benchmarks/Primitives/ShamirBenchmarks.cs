using BenchmarkDotNet.Attributes;
using QkdNet.Primitives.SecretSharing;

namespace QkdNet.Benchmarks.Primitives;

/// <summary>
/// Shamir 3-of-5 over GF(2^8) on one core, 1 MiB and 16 MiB secrets: a split includes drawing its random coefficients
/// (2 bytes per secret byte at k = 3, from the default CTR_DRBG keystream seeded by the system generator) and
/// allocating the five shares; a combine rebuilds from three shares. Throughput is secret bytes per second.
/// </summary>
[MemoryDiagnoser]
public class ShamirBenchmarks
{
    private byte[] _secret = null!;
    private SecretShare[] _shares = null!;
    private byte[][] _buffers = null!;
    private byte[] _rebuilt = null!;

    [Params(1 << 20, 16 << 20)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _secret = new byte[Bytes];
        new Random(1).NextBytes(_secret);
        _shares = ShamirSharing.Split(_secret, 3, 5).Value;
        _buffers = [.. Enumerable.Range(0, 5).Select(_ => new byte[Bytes])];
        _rebuilt = new byte[Bytes];
    }

    /// <summary>The kernel and its randomness, into reused buffers (no allocation per split).</summary>
    [Benchmark]
    public string? Split3Of5IntoBuffers() => ShamirSharing.SplitInto(_secret, 3, _buffers);

    /// <summary>The combine kernel into a reused buffer.</summary>
    [Benchmark]
    public string? Combine3IntoBuffer() => ShamirSharing.CombineInto([_shares[4], _shares[1], _shares[2]], 3, _rebuilt);

    [Benchmark]
    public int Split3Of5() => ShamirSharing.Split(_secret, 3, 5).Value.Length;

    [Benchmark]
    public int Combine3() => ShamirSharing.Combine([_shares[4], _shares[1], _shares[2]], 3).Value.Length;
}
