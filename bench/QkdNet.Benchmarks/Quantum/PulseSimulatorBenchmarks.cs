using BenchmarkDotNet.Attributes;
using QkdNet.Quantum.Physics;
using QkdNet.Quantum.Simulation;

namespace QkdNet.Benchmarks.Quantum;

/// <summary>
/// Emitted pulses per second of the skipping Monte-Carlo simulator (one core). Pulses/s =
/// <see cref="Pulses"/> / mean time per operation.
/// </summary>
[MemoryDiagnoser]
public class PulseSimulatorBenchmarks
{
    private QkdLink _link = null!;

    /// <summary>Pulses emitted per operation.</summary>
    public const long Pulses = 100_000_000;

    [Params(25.0, 50.0)]
    public double DistanceKm { get; set; }

    [GlobalSetup]
    public void Setup() => _link = LinkPresets.Create("gys", DistanceKm).Value;

    [Benchmark(OperationsPerInvoke = 1)]
    public int Seeded() => PulseSimulator.Seeded(_link, 42).Run(Pulses).Alice.Count;

    [Benchmark]
    public int KeyGrade() => PulseSimulator.KeyGrade(_link).Run(Pulses).Alice.Count;

    [Benchmark]
    public int InterceptResendHalf() => PulseSimulator.Seeded(_link, 42, InterceptResend.Create(0.5).Value).Run(Pulses).Alice.Count;
}
