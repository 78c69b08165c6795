using BenchmarkDotNet.Attributes;
using QkdNet.PostProcessing.Reconciliation;
using QkdNet.Primitives;

namespace QkdNet.Benchmarks.PostProcessing;

/// <summary>
/// Building the passes of one Cascade opt8 run over a 950,000-bit key at 3 % QBER (what each end does
/// once per 1e6-sifted-bit block before the first parity), alone and per pass kind.
/// </summary>
[MemoryDiagnoser]
public class CascadePassBenchmarks
{
    private readonly byte[] _seed = new byte[PublicPermutationRandom.SeedLength];
    private BitString _key = new(0);
    private CascadePassPlan[] _plan = [];

    [GlobalSetup]
    public void Setup()
    {
        new Random(5).NextBytes(_seed);
        (_key, _, _) = SimulatedKeyPair.Create(950_000, 0.03, new Random(2024));
        _plan = CascadeParameters.OptimizedOpt8.Plan(_key.Length, 0.03);
    }

    /// <summary>Every pass of the plan, shuffled copies taken (as Alice builds them).</summary>
    [Benchmark]
    public int AllPasses()
    {
        int blocks = 0;
        for (int i = 0; i < _plan.Length; i++)
        {
            blocks += CascadePass.Create(i, _plan[i], _key, _seed).BlockCount;
        }

        return blocks;
    }

    /// <summary>The permutation of one shuffled pass, without the copy.</summary>
    [Benchmark]
    public int ShuffledPermutation() => new WordTransposePermutation(_key.Length, new PublicPermutationRandom(_seed, 1)).Forward(7);
}
