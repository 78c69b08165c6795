using QkdNet.Primitives;

namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>
/// One pass of Cascade as one end sees it: the public permutation of the key and a packed copy of
/// that end's key in permuted order, so every block and every bisection half is a contiguous bit
/// range whose parity is a word-wide <see cref="BitString.Parity(int, int)"/>.
/// </summary>
/// <remarks>
/// Bob's copies follow his key through <see cref="FlipOriginal"/> (via the inverse permutation);
/// Alice's key never changes. Identity and split passes keep no copy: they read the live key
/// (a split pass through its mask, see <c>CascadePass.Split.cs</c>), so a flip needs no mirroring.
/// </remarks>
internal sealed partial class CascadePass
{
    private readonly int _n;
    private readonly BitString _key;
    private int[]? _perm;
    private int[]? _inverse;
    private BitString? _copy;

    private CascadePass(int index, CascadePassPlan plan, BitString key)
    {
        Index = index;
        Plan = plan;
        _key = key;
        _n = key.Length;
        BlockCount = plan.Kind == CascadePassKind.Split ? 2 : (int)(((long)_n + plan.BlockSize - 1) / plan.BlockSize);
    }

    /// <summary>Pass number, from 0.</summary>
    public int Index { get; }

    public CascadePassPlan Plan { get; }

    /// <summary>Number of top-level blocks.</summary>
    public int BlockCount { get; }

    /// <summary>
    /// Builds pass <paramref name="index"/> over <paramref name="key"/>, the live key of this end
    /// (Bob's copy follows later changes only through <see cref="FlipOriginal"/>).
    /// </summary>
    public static CascadePass Create(
        int index, CascadePassPlan plan, BitString key, ReadOnlySpan<byte> publicSeed, bool withInverse)
    {
        var pass = new CascadePass(index, plan, key);
        var random = new PublicPermutationRandom(publicSeed, index);
        switch (plan.Kind)
        {
            case CascadePassKind.Identity:
                break;
            case CascadePassKind.Shuffled:
                pass.LayOut(random.Permutation(key.Length), withInverse);
                break;
            default:
                pass.InitSplit(random);
                break;
        }

        return pass;
    }

    /// <summary>First permuted index of top-level block <paramref name="block"/>.</summary>
    public int BlockStart(int block) =>
        Plan.Kind == CascadePassKind.Split ? (block == 0 ? 0 : _splitLength) : block * Plan.BlockSize;

    /// <summary>Length in bits of top-level block <paramref name="block"/> (the last may be shorter).</summary>
    public int BlockLength(int block) =>
        Plan.Kind == CascadePassKind.Split
            ? (block == 0 ? _splitLength : _n - _splitLength)
            : Math.Min(Plan.BlockSize, _n - (block * Plan.BlockSize));

    /// <summary>Whether permuted range [start, start + count) lies inside one top-level block.</summary>
    public bool IsWithinOneBlock(int start, int count)
    {
        if (count < 1 || start < 0 || start > _n - count)
        {
            return false;
        }

        int block = Plan.Kind == CascadePassKind.Split ? (start < _splitLength ? 0 : 1) : start / Plan.BlockSize;
        return start + count <= BlockStart(block) + BlockLength(block);
    }

    /// <summary>The top-level block holding original bit <paramref name="original"/>.</summary>
    public int BlockOfOriginal(int original) => Plan.Kind switch
    {
        CascadePassKind.Identity => original / Plan.BlockSize,
        CascadePassKind.Shuffled => _inverse![original] / Plan.BlockSize,
        _ => InMask(original) ? 0 : 1,
    };

    /// <summary>The original position of permuted bit <paramref name="permuted"/>.</summary>
    public int OriginalIndexOf(int permuted) => Plan.Kind switch
    {
        CascadePassKind.Identity => permuted,
        CascadePassKind.Shuffled => _perm![permuted],
        _ => SplitOriginalIndexOf(permuted),
    };

    /// <summary>Parity of top-level block <paramref name="block"/> of this end's key as it is now.</summary>
    public int BlockParity(int block) => RangeParity(BlockStart(block), BlockLength(block));

    /// <summary>Parity of permuted bits [start, start + count) of this end's key as it is now.</summary>
    public int RangeParity(int start, int count) => Plan.Kind switch
    {
        CascadePassKind.Identity => _key.Parity(start, count),
        CascadePassKind.Shuffled => _copy!.Parity(start, count),
        _ => SplitRangeParity(start, count),
    };

    /// <summary>Mirrors a flip of original bit <paramref name="original"/> in this pass's copy.</summary>
    public void FlipOriginal(int original)
    {
        if (_copy is not null)
        {
            _copy.Flip(_inverse![original]);
        }
    }

    private void LayOut(int[] perm, bool withInverse)
    {
        _perm = perm;
        var words = new ulong[BitString.WordCount(_n)];
        ReadOnlySpan<ulong> src = _key.ReadOnlyWords;
        for (int w = 0, j = 0; w < words.Length; w++)
        {
            ulong acc = 0;
            int end = Math.Min(64, _n - j);
            for (int b = 0; b < end; b++, j++)
            {
                int x = perm[j];
                acc |= ((src[x >> 6] >> (x & 63)) & 1UL) << b;
            }

            words[w] = acc;
        }

        _copy = BitString.FromWords(words, _n);
        if (withInverse)
        {
            var inverse = new int[_n];
            for (int j = 0; j < _n; j++)
            {
                inverse[perm[j]] = j;
            }

            _inverse = inverse;
        }
    }
}
