using System.Numerics;
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

    // Plan fields copied out of the record struct, and the block size's log2 when it is a power of
    // two (opt7 and opt8 block sizes are), so the per-query block lookups of Alice and Bob are a
    // shift. Part of the per-query changes measured together in docs/PERFORMANCE.md (Cascade,
    // second speed round: 1.2-1.6x on 1e6-bit opt8 runs at 3 and 5 %).
    private readonly CascadePassKind _kind;
    private readonly int _blockSize;
    private readonly int _blockShift;
    private WordTransposePermutation? _perm;
    private BitString? _copy;

    /// <summary>Words whose ranges this end's parities come from: the live key (identity) or the copy (shuffled).</summary>
    private ulong[] _parityWords;

    private CascadePass(int index, CascadePassPlan plan, BitString key)
    {
        Index = index;
        Plan = plan;
        _key = key;
        _n = key.Length;
        _kind = plan.Kind;
        _blockSize = plan.BlockSize;
        _blockShift = BitOperations.IsPow2(plan.BlockSize) ? BitOperations.Log2((uint)plan.BlockSize) : -1;
        _parityWords = key.WordArray;
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
                if (copyNow)
                {
                    pass.CopyKeyNow();
                }

                break;
            default:
                pass.InitSplit(random, publicSeed);
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
            _parityWords = _copy.WordArray;
        }
    }

    /// <summary>Zeroes and drops the permuted copy of the key (it is key material), at the end of a run.</summary>
    public void ClearCopy()
    {
        _copy?.Clear();
        _copy = null;
        _parityWords = _key.WordArray;
    }

    /// <summary>First permuted index of top-level block <paramref name="block"/>.</summary>
    public int BlockStart(int block) =>
        _kind == CascadePassKind.Split ? (block == 0 ? 0 : _splitLength) : block * _blockSize;

    /// <summary>Length in bits of top-level block <paramref name="block"/> (the last may be shorter).</summary>
    public int BlockLength(int block) =>
        _kind == CascadePassKind.Split
            ? (block == 0 ? _splitLength : _n - _splitLength)
            : Math.Min(_blockSize, _n - (block * _blockSize));

    /// <summary>The top-level block holding permuted position <paramref name="permuted"/> (in range).</summary>
    public int BlockOf(int permuted) =>
        _kind == CascadePassKind.Split ? (permuted < _splitLength ? 0 : 1)
        : _blockShift >= 0 ? permuted >> _blockShift
        : permuted / _blockSize;

    /// <summary>Whether permuted range [start, start + count) lies inside one top-level block.</summary>
    public bool IsWithinOneBlock(int start, int count)
    {
        if (count < 1 || start < 0 || start > _n - count)
        {
            return false;
        }

        int block = BlockOf(start);
        return start + count <= BlockStart(block) + BlockLength(block);
    }

    /// <summary>The original position of permuted bit <paramref name="permuted"/>.</summary>
    public int OriginalIndexOf(int permuted) => _kind switch
    {
        CascadePassKind.Identity => permuted,
        CascadePassKind.Shuffled => _perm!.Backward(permuted),
        _ => SplitOriginalIndexOf(permuted),
    };

    /// <summary>Parity of top-level block <paramref name="block"/> of this end's key as it is now.</summary>
    public int BlockParity(int block) => RangeParity(BlockStart(block), BlockLength(block));

    /// <summary>
    /// Parity of permuted bits [start, start + count) of this end's key as it is now. The range must
    /// lie in the key (<see cref="IsWithinOneBlock"/> checks Alice's queries; Bob's come from his own blocks).
    /// </summary>
    public int RangeParity(int start, int count)
    {
        System.Diagnostics.Debug.Assert(start >= 0 && count >= 0 && start <= _n - count, "range inside the key");
        return _kind == CascadePassKind.Split ? SplitRangeParity(start, count) : BitString.RangeParity(_parityWords, start, count);
    }

    /// <summary>
    /// Mirrors a flip of original bit <paramref name="original"/> in this pass's copy and returns
    /// the top-level block holding it (one permutation lookup for both: Bob does this for every
    /// pass on every flip).
    /// </summary>
    public int FlipOriginal(int original)
    {
        switch (_kind)
        {
            case CascadePassKind.Identity:
                return BlockOf(original);
            case CascadePassKind.Shuffled:
                System.Diagnostics.Debug.Assert(_copy is not null, "a shuffled pass is flipped only after its copy is taken");
                int permuted = _perm!.Forward(original);
                _parityWords[permuted >> 6] ^= 1UL << (permuted & 63);
                return BlockOf(permuted);
            default:
                return InMask(original) ? 0 : 1;
        }
    }
}
