using System.Numerics;
using System.Runtime.Intrinsics.X86;

namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>
/// A <see cref="CascadePassKind.Split"/> pass without a copy: permuted index r &lt; s (s = number
/// of ones of the random mask) is the r-th original position whose mask bit is 1, and s + r the
/// r-th whose mask bit is 0. Ranks come from per-word counts of ones, so a permuted range maps to
/// an original bit range filtered by the mask (or its complement), whose parity is word-wide.
/// </summary>
/// <remarks>
/// The mask and its rank table are built on first need, not when the pass is created: a pass that
/// is never bisected and never holds a flipped bit needs only s and its two block parities, which
/// one stream of the pass's generator gives without storing anything. At 3 % QBER on 1e6-bit
/// blocks every error is gone after the first two or three opt8 passes, so the eleven split passes
/// of a run are built for nothing at both ends (two arrays of about 120 and 60 kB each, large-object
/// allocations that drive gen2 collections; see docs/PERFORMANCE.md, branch <c>pipe</c>). The mask
/// drawn later is the same one: the generator is seeded again from the public seed and the pass.
/// </remarks>
internal sealed partial class CascadePass
{
    private ulong[] _mask = [];
    private int[] _onesBefore = [];
    private int _splitLength;

    /// <summary>The run's public seed, kept to draw the mask again when it is first needed.</summary>
    private byte[] _splitSeed = [];

    /// <summary>Counts the mask's ones (the first block's length) from one stream of the generator, storing nothing.</summary>
    private void InitSplit(PublicPermutationRandom random, ReadOnlySpan<byte> publicSeed)
    {
        _splitSeed = publicSeed.ToArray();
        int words = _key.ReadOnlyWords.Length, ones = 0;
        for (int i = 0; i < words; i++)
        {
            ones += BitOperations.PopCount(MaskWord(random, i, words));
        }

        _splitLength = ones;
    }

    /// <summary>Word <paramref name="i"/> of the mask, the next draw of the pass's generator (bits past n cleared).</summary>
    private ulong MaskWord(PublicPermutationRandom random, int i, int words)
    {
        ulong m = random.NextUInt64();
        return i == words - 1 && (_n & 63) != 0 ? m & ((1UL << (_n & 63)) - 1) : m;
    }

    /// <summary>Builds the mask and the rank table, drawing the same mask as <see cref="InitSplit"/> counted.</summary>
    private void EnsureMask()
    {
        if (_mask.Length != 0)
        {
            return;
        }

        int words = _key.ReadOnlyWords.Length;
        var random = new PublicPermutationRandom(_splitSeed, Index);
        // Every entry is written below: skip zeroing (these are public and, from 1e6 bits, large-object arrays).
        ulong[] mask = GC.AllocateUninitializedArray<ulong>(words);
        _onesBefore = GC.AllocateUninitializedArray<int>(words + 1);
        _onesBefore[0] = 0;
        for (int i = 0; i < words; i++)
        {
            mask[i] = MaskWord(random, i, words);
            _onesBefore[i + 1] = _onesBefore[i] + BitOperations.PopCount(mask[i]);
        }

        _mask = mask;
    }

    /// <summary>
    /// Parity of the whole first (<paramref name="ones"/>) or second block of this end's key as it is
    /// now, from one stream of the generator when the mask is not built.
    /// </summary>
    private int SplitBlockParity(bool ones)
    {
        ReadOnlySpan<ulong> key = _key.ReadOnlyWords;
        int words = key.Length;
        var random = new PublicPermutationRandom(_splitSeed, Index);
        ulong acc = 0;
        for (int i = 0; i < words; i++)
        {
            ulong m = MaskWord(random, i, words);
            ulong selected = ones ? m : ~m;
            if (i == words - 1 && (_n & 63) != 0)
            {
                selected &= (1UL << (_n & 63)) - 1; // as Selector: no bit past n
            }

            acc ^= key[i] & selected;
        }

        return BitOperations.PopCount(acc) & 1;
    }

    private bool InMask(int original)
    {
        EnsureMask();
        return ((_mask[original >> 6] >> (original & 63)) & 1) != 0;
    }

    /// <summary>The mask word <paramref name="w"/> selecting block 0 (ones) or block 1 (zeros, tail cleared).</summary>
    private ulong Selector(int w, bool ones)
    {
        if (ones)
        {
            return _mask[w];
        }

        ulong m = ~_mask[w];
        int valid = _n - (w << 6);
        return valid >= 64 ? m : m & ((1UL << valid) - 1);
    }

    private int SplitOriginalIndexOf(int permuted)
    {
        EnsureMask();
        bool ones = permuted < _splitLength;
        return Select(ones, ones ? permuted : permuted - _splitLength);
    }

    /// <summary>The original position of the <paramref name="rank"/>-th (from 0) selected bit.</summary>
    private int Select(bool ones, int rank)
    {
        // Largest word w with count-before(w) <= rank.
        int lo = 0, hi = _mask.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (CountBefore(mid, ones) <= rank)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        ulong word = Selector(lo, ones);
        int r = rank - CountBefore(lo, ones);
        return (lo << 6) + SelectInWord(word, r);
    }

    private int CountBefore(int w, bool ones) => ones ? _onesBefore[w] : (w << 6) - _onesBefore[w];

    private static int SelectInWord(ulong word, int r)
    {
        if (Bmi2.X64.IsSupported)
        {
            return BitOperations.TrailingZeroCount(Bmi2.X64.ParallelBitDeposit(1UL << r, word));
        }

        for (int i = 0; i < r; i++)
        {
            word &= word - 1;
        }

        return BitOperations.TrailingZeroCount(word);
    }

    private int SplitRangeParity(int start, int count)
    {
        if (count <= 0)
        {
            return 0;
        }

        if (_mask.Length == 0 && (start, count) == (0, _splitLength))
        {
            return SplitBlockParity(ones: true);
        }

        if (_mask.Length == 0 && (start, count) == (_splitLength, _n - _splitLength))
        {
            return SplitBlockParity(ones: false);
        }

        EnsureMask();

        bool ones = start < _splitLength;
        int rank = ones ? start : start - _splitLength;
        int first = Select(ones, rank);
        int last = Select(ones, rank + count - 1);
        ReadOnlySpan<ulong> key = _key.ReadOnlyWords;
        int w0 = first >> 6, w1 = last >> 6;
        ulong head = ~0UL << (first & 63);
        ulong tail = ~0UL >> (63 - (last & 63));
        if (w0 == w1)
        {
            return BitOperations.PopCount(key[w0] & Selector(w0, ones) & head & tail) & 1;
        }

        ulong acc = (key[w0] & Selector(w0, ones) & head) ^ (key[w1] & Selector(w1, ones) & tail);
        if (ones)
        {
            for (int i = w0 + 1; i < w1; i++)
            {
                acc ^= key[i] & _mask[i];
            }
        }
        else
        {
            for (int i = w0 + 1; i < w1; i++)
            {
                acc ^= key[i] & ~_mask[i];
            }
        }

        return BitOperations.PopCount(acc) & 1;
    }
}
