using System.Runtime.CompilerServices;
using QkdNet.Primitives;

namespace QkdNet.Quantum.Simulation;

/// <summary>
/// The seeded generator of the physics simulation (photon numbers, losses, detector noise):
/// <see cref="Xoshiro256StarStar"/> seeded through SplitMix64. Reproducible by design, hence NEVER a source of key material: Alice's
/// bits and bases come from a <see cref="ChoiceSource"/>. Not thread-safe.
/// </summary>
public sealed class SimulationRandom
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private Xoshiro256StarStar _core;

    /// <summary>Creates the generator from a 64-bit seed (state words SplitMix64 of seed + k * golden ratio, k = 0..3).</summary>
    public SimulationRandom(ulong seed) =>
        _core = new Xoshiro256StarStar(
            Xoshiro256StarStar.SplitMix(seed), Xoshiro256StarStar.SplitMix(unchecked(seed + Golden)),
            Xoshiro256StarStar.SplitMix(unchecked(seed + (2 * Golden))), Xoshiro256StarStar.SplitMix(unchecked(seed + (3 * Golden))));

    /// <summary>The next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64() => _core.Next();

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in (0, 1], safe to take the logarithm of.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDoubleNonZero() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>A standard normal variate (Box-Muller).</summary>
    public double NextGaussian() => Math.Sqrt(-2 * Math.Log(NextDoubleNonZero())) * Math.Cos(2 * Math.PI * NextDouble());
}
