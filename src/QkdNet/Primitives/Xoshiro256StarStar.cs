using System.Numerics;
using System.Runtime.CompilerServices;

namespace QkdNet.Primitives;

/// <summary>
/// The core of xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom number generators",
/// ACM TOMS 47 (2021)): 256 bits of state, 64 bits per step. Fast and reproducible from its seed,
/// hence NEVER a source of secrets. A mutable struct: keep it in a non-readonly field.
/// </summary>
internal struct Xoshiro256StarStar
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Sets the state; an all-zero state (a fixed point) is replaced by a valid one.</summary>
    public Xoshiro256StarStar(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
        if ((_s0 | _s1 | _s2 | _s3) == 0)
        {
            _s0 = 1;
        }
    }

    /// <summary>The next 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Next()
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

    /// <summary>SplitMix64 (Steele, Lea, Flood, OOPSLA 2014) of <paramref name="z"/>: spreads a seed word over the state.</summary>
    public static ulong SplitMix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
