using System.Numerics;
using QkdNet.Primitives;

namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>
/// One pass of Cascade as one end sees it: the public permutation of the key and a packed copy of
/// that end's key in permuted order, so every block and every bisection half is a contiguous bit
/// range whose parity is a word-wide <see cref="BitString.Parity(int, int)"/>.
/// </summary>
/// <remarks>
/// Bob's copies are kept in step with his key by <see cref="FlipOriginal"/> (it needs the inverse
/// permutation); Alice's key never changes. A <see cref="CascadePassKind.Split"/> pass is laid out
/// only when a block of it has to be bisected (<see cref="EnsureLaidOut"/>).
/// </remarks>
internal sealed class CascadePass
{
    private readonly int _n;
    private readonly bool _withInverse;
    private readonly ulong[]? _mask;
    private readonly int _splitLength;
    private int[]? _perm;
    private int[]? _inverse;
    private BitString? _copy;

    private CascadePass(int index, CascadePassPlan plan, int n, bool withInverse, ulong[]? mask)
    {
        Index = index;
        Plan = plan;
        _n = n;
        _withInverse = withInverse;
        _mask = mask;
        if (plan.Kind == CascadePassKind.Split)
        {
            _splitLength = 0;
            foreach (ulong w in mask!)
            {
                _splitLength += BitOperations.PopCount(w);
            }

            BlockCount = n == 0 ? 0 : 2;
        }
        else
        {
            BlockCount = (int)(((long)n + plan.BlockSize - 1) / plan.BlockSize);
        }
    }

    /// <summary>Pass number, from 0.</summary>
    public int Index { get; }

    public CascadePassPlan Plan { get; }

    /// <summary>Number of top-level blocks.</summary>
    public int BlockCount { get; }

    /// <summary>Whether the permuted copy exists (always, except for a split pass not yet needed).</summary>
    public bool IsLaidOut => _copy is not null;

    /// <summary>
    /// Builds pass <paramref name="index"/> for <paramref name="key"/> (Bob's copy follows his key
    /// only through <see cref="FlipOriginal"/>, so build it from the current key).
    /// </summary>
    public static CascadePass Create(
        int index, CascadePassPlan plan, BitString key, ReadOnlySpan<byte> publicSeed, bool withInverse)
    {
        int n = key.Length;
        switch (plan.Kind)
        {
            case CascadePassKind.Identity:
                return new CascadePass(index, plan, n, withInverse, null) { _copy = key };
            case CascadePassKind.Shuffled:
            {
                var pass = new CascadePass(index, plan, n, withInverse, null);
                pass.LayOut(new PublicPermutationRandom(publicSeed, index).Permutation(n), key);
                return pass;
            }

            default:
            {
                var random = new PublicPermutationRandom(publicSeed, index);
                var mask = new ulong[BitString.WordCount(n)];
                for (int i = 0; i < mask.Length; i++)
                {
                    mask[i] = random.NextUInt64();
                }

                if ((n & 63) != 0)
                {
                    mask[^1] &= (1UL << (n & 63)) - 1;
                }

                return new CascadePass(index, plan, n, withInverse, mask);
            }
        }
    }

    /// <summary>First permuted index of top-level block <paramref name="block"/>.</summary>
    public int BlockStart(int block) =>
        Plan.Kind == CascadePassKind.Split ? (block == 0 ? 0 : _splitLength) : block * Plan.BlockSize;

    /// <summary>Length in bits of top-level block <paramref name="block"/> (the last may be shorter).</summary>
    public int BlockLength(int block) =>
        Plan.Kind == CascadePassKind.Split
            ? (block == 0 ? _splitLength : _n - _splitLength)
            : Math.Min(Plan.BlockSize, _n - (block * Plan.BlockSize));

    /// <summary>The top-level block holding original bit <paramref name="original"/>.</summary>
    public int BlockOfOriginal(int original)
    {
        if (Plan.Kind == CascadePassKind.Split)
        {
            return ((_mask![original >> 6] >> (original & 63)) & 1) != 0 ? 0 : 1;
        }

        return PermutedIndexOf(original) / Plan.BlockSize;
    }

    /// <summary>Where original bit <paramref name="original"/> sits in this pass (needs the inverse).</summary>
    public int PermutedIndexOf(int original) => Plan.Kind == CascadePassKind.Identity ? original : _inverse![original];

    /// <summary>The original position of permuted bit <paramref name="permuted"/> (needs the layout).</summary>
    public int OriginalIndexOf(int permuted) => Plan.Kind == CascadePassKind.Identity ? permuted : _perm![permuted];

    /// <summary>
    /// Parity of top-level block <paramref name="block"/> of <paramref name="key"/> (the key this
    /// pass was built for, in its current state).
    /// </summary>
    public int BlockParity(BitString key, int block)
    {
        if (_copy is not null)
        {
            return _copy.Parity(BlockStart(block), BlockLength(block));
        }

        ReadOnlySpan<ulong> words = key.ReadOnlyWords;
        ulong acc = 0, all = 0;
        for (int i = 0; i < words.Length; i++)
        {
            acc ^= words[i] & _mask![i];
            all ^= words[i];
        }

        int first = BitOperations.PopCount(acc) & 1;
        return block == 0 ? first : first ^ (BitOperations.PopCount(all) & 1);
    }

    /// <summary>Parity of permuted bits [start, start + count) (the pass must be laid out).</summary>
    public int RangeParity(int start, int count) => _copy!.Parity(start, count);

    /// <summary>Lays a split pass out (its permutation, copy and inverse) from the current <paramref name="key"/>.</summary>
    public void EnsureLaidOut(BitString key)
    {
        if (_copy is not null)
        {
            return;
        }

        var perm = new int[_n];
        int ones = 0, zeros = _splitLength;
        for (int x = 0; x < _n; x++)
        {
            if (((_mask![x >> 6] >> (x & 63)) & 1) != 0)
            {
                perm[ones++] = x;
            }
            else
            {
                perm[zeros++] = x;
            }
        }

        LayOut(perm, key);
    }

    /// <summary>Mirrors a flip of original bit <paramref name="original"/> in this pass's copy.</summary>
    public void FlipOriginal(int original)
    {
        if (Plan.Kind != CascadePassKind.Identity && _copy is not null)
        {
            _copy.Flip(_inverse![original]);
        }
    }

    private void LayOut(int[] perm, BitString key)
    {
        _perm = perm;
        var words = new ulong[BitString.WordCount(_n)];
        ReadOnlySpan<ulong> src = key.ReadOnlyWords;
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
        if (_withInverse)
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
