using System.Numerics;
using System.Runtime.CompilerServices;

namespace QkdNet.Quantum.Simulation;

/// <summary>
/// The seeded generator of the physics simulation (photon numbers, losses, detector noise): xoshiro256**
/// (Blackman and Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS 47 (2021)),
/// seeded through splitmix64. Reproducible by design, hence NEVER a source of key material: Alice's
/// bits and bases come from a <see cref="ChoiceSource"/>. Not thread-safe.
/// </summary>
public sealed class SimulationRandom
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates the generator from a 64-bit seed.</summary>
    public SimulationRandom(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    /// <summary>The next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in (0, 1], safe to take the logarithm of.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDoubleNonZero() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>A standard normal variate (Box-Muller).</summary>
    public double NextGaussian() => Math.Sqrt(-2 * Math.Log(NextDoubleNonZero())) * Math.Cos(2 * Math.PI * NextDouble());

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
