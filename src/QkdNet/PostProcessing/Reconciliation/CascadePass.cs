using QkdNet.Primitives;

namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>
/// One pass of Cascade as one end sees it: the public permutation of the key and a packed copy of
/// that end's key in permuted order, so every block and every bisection half is a contiguous bit
/// range whose parity is a word-wide <see cref="BitString.Parity(int, int)"/>.
/// </summary>
/// <remarks>
/// Bob's copies follow his key through <see cref="FlipOriginal"/>;
/// Alice's key never changes. Identity and split passes keep no copy: they read the live key
/// (a split pass through its mask, see <c>CascadePass.Split.cs</c>), so a flip needs no mirroring.
/// </remarks>
internal sealed partial class CascadePass
{
    private readonly int _n;
    private readonly BitString _key;
    private WordTransposePermutation? _perm;
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
    /// <remarks>
    /// With <paramref name="copyNow"/> false a shuffled pass takes no copy yet: Bob calls
    /// <see cref="CopyKeyNow"/> when the pass starts, so the flips before it need no mirroring.
    /// </remarks>
    public static CascadePass Create(
        int index, CascadePassPlan plan, BitString key, ReadOnlySpan<byte> publicSeed, bool copyNow = true)
    {
        var pass = new CascadePass(index, plan, key);
        var random = new PublicPermutationRandom(publicSeed, index);
        switch (plan.Kind)
        {
            case CascadePassKind.Identity:
                break;
            case CascadePassKind.Shuffled:
                pass._perm = new WordTransposePermutation(key.Length, random);
                pass._copy = copyNow ? pass._perm.Apply(key) : null;
                break;
            default:
                pass.InitSplit(random);
                break;
        }

        return pass;
    }

    /// <summary>
    /// Takes a shuffled pass's copy from the live key as it is now (the same bits as a copy taken at
    /// the start with every later flip mirrored); the previous copy, if any, is cleared. Other
    /// kinds read the live key and need nothing.
    /// </summary>
    public void CopyKeyNow()
    {
        ClearCopy();
        if (_perm is not null)
        {
            _copy = _perm.Apply(_key);
        }
    }

    /// <summary>Zeroes and drops the permuted copy of the key (it is key material), at the end of a run.</summary>
    public void ClearCopy()
    {
        _copy?.Clear();
        _copy = null;
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

    /// <summary>The original position of permuted bit <paramref name="permuted"/>.</summary>
    public int OriginalIndexOf(int permuted) => Plan.Kind switch
    {
        CascadePassKind.Identity => permuted,
        CascadePassKind.Shuffled => _perm!.Backward(permuted),
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

    /// <summary>
    /// Mirrors a flip of original bit <paramref name="original"/> in this pass's copy and returns
    /// the top-level block holding it (one permutation lookup for both: Bob does this for every
    /// pass on every flip).
    /// </summary>
    public int FlipOriginal(int original)
    {
        switch (Plan.Kind)
        {
            case CascadePassKind.Identity:
                return original / Plan.BlockSize;
            case CascadePassKind.Shuffled:
                int permuted = _perm!.Forward(original);
                _copy!.Flip(permuted);
                return permuted / Plan.BlockSize;
            default:
                return InMask(original) ? 0 : 1;
        }
    }
}
