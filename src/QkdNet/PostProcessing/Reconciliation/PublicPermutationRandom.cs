using System.Buffers.Binary;
using QkdNet.Primitives;

namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>
/// A seeded, deterministic generator (xoshiro256**, Blackman and Vigna 2018) that expands the
/// PUBLIC seed of a reconciliation into the public permutations of its passes, identically on both
/// ends. Never use it for secrets: its output is predictable from the seed by design.
/// </summary>
internal sealed class PublicPermutationRandom
{
    /// <summary>Length of a public seed, in bytes.</summary>
    public const int SeedLength = 32;

    private Xoshiro256StarStar _core;

    /// <summary>Creates the generator for pass <paramref name="pass"/> of the run seeded by <paramref name="seed"/>.</summary>
    public PublicPermutationRandom(ReadOnlySpan<byte> seed, int pass)
    {
        if (seed.Length != SeedLength)
        {
            throw new ArgumentException($"A public seed is {SeedLength} bytes.", nameof(seed));
        }

        // SplitMix64 of each seed word, tweaked by the pass, so every pass gets its own stream and
        // the state is never all zero in practice.
        ulong tweak = 0x9E3779B97F4A7C15UL * (ulong)(pass + 1);
        _core = new Xoshiro256StarStar(
            Xoshiro256StarStar.SplitMix(BinaryPrimitives.ReadUInt64LittleEndian(seed) ^ tweak),
            Xoshiro256StarStar.SplitMix(BinaryPrimitives.ReadUInt64LittleEndian(seed[8..]) + tweak),
            Xoshiro256StarStar.SplitMix(BinaryPrimitives.ReadUInt64LittleEndian(seed[16..]) ^ (tweak << 1)),
            Xoshiro256StarStar.SplitMix(BinaryPrimitives.ReadUInt64LittleEndian(seed[24..]) + (tweak >> 1)));
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64() => _core.Next();

    /// <summary>A uniform integer in [0, <paramref name="bound"/>), without modulo bias (Lemire 2019).</summary>
    public int NextBelow(int bound)
    {
        ulong m = (ulong)(uint)(NextUInt64() >> 32) * (uint)bound;
        uint low = (uint)m;
        if (low < (uint)bound)
        {
            uint threshold = (uint)-bound % (uint)bound;
            while (low < threshold)
            {
                m = (ulong)(uint)(NextUInt64() >> 32) * (uint)bound;
                low = (uint)m;
            }
        }

        return (int)(m >> 32);
    }

    /// <summary>A uniformly random permutation of [0, <paramref name="n"/>) (Fisher-Yates).</summary>
    public int[] Permutation(int n)
    {
        int[] perm = GC.AllocateUninitializedArray<int>(n); // every entry written next
        Permutation(perm);
        return perm;
    }

    /// <summary>Fills <paramref name="perm"/> with a uniformly random permutation of [0, its length) (Fisher-Yates).</summary>
    public void Permutation(Span<int> perm)
    {
        for (int i = 0; i < perm.Length; i++)
        {
            perm[i] = i;
        }

        for (int i = perm.Length - 1; i > 0; i--)
        {
            int j = NextBelow(i + 1);
            (perm[i], perm[j]) = (perm[j], perm[i]);
        }
    }
}
