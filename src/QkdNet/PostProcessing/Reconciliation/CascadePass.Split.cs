using System.Numerics;
using System.Runtime.Intrinsics.X86;

namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>
/// A <see cref="CascadePassKind.Split"/> pass without a copy: permuted index r &lt; s (s = number
/// of ones of the random mask) is the r-th original position whose mask bit is 1, and s + r the
/// r-th whose mask bit is 0. Ranks come from per-word counts of ones, so a permuted range maps to
/// an original bit range filtered by the mask (or its complement), whose parity is word-wide.
/// </summary>
internal sealed partial class CascadePass
{
    private ulong[] _mask = [];
    private int[] _onesBefore = [];
    private int _splitLength;

    private void InitSplit(PublicPermutationRandom random)
    {
        int words = _key.ReadOnlyWords.Length;
        // Every entry is written below: skip zeroing (these are public and, from 1e6 bits, large-object
        // arrays that both ends allocate for every split pass).
        _mask = GC.AllocateUninitializedArray<ulong>(words);
        _onesBefore = GC.AllocateUninitializedArray<int>(words + 1);
        _onesBefore[0] = 0;
        for (int i = 0; i < words; i++)
        {
            _mask[i] = random.NextUInt64();
        }

        if ((_n & 63) != 0)
        {
            _mask[^1] &= (1UL << (_n & 63)) - 1;
        }

        for (int i = 0; i < words; i++)
        {
            _onesBefore[i + 1] = _onesBefore[i] + BitOperations.PopCount(_mask[i]);
        }

        _splitLength = _onesBefore[words];
    }

    private bool InMask(int original) => ((_mask[original >> 6] >> (original & 63)) & 1) != 0;

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
