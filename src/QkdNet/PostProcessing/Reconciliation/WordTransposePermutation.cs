using QkdNet.Primitives;

namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>
/// The public permutation of a <see cref="CascadePassKind.Shuffled"/> pass, built from word-wide
/// steps so that laying a key out in permuted order touches n/64 words, not n ints: two rounds of
/// <see cref="TileRound"/> (random word permutation, random rotation of each word, transpose of
/// every 64 x 64 bit tile so the 64 bits of one word end up in 64 different words, random word
/// permutation). The last n mod 4096 bits, which fill no whole tile, get their own
/// random permutation and then swap places with as many distinct random bits of the tiles.
/// </summary>
/// <remarks>
/// Not a uniform permutation, but the property Cascade needs holds: two bits of one original word
/// (the errors an earlier pass leaves in pairs) land in independent random words, so in the same
/// top-level block only by chance. Building a shuffled pass of 1e6 bits with it (draw, lay-out)
/// takes 1.6 ms against 11.8 ms with a Fisher-Yates permutation of n ints and its inverse (minimum of
/// 40 runs each on the 2-core dev box), and <see cref="Forward"/> and <see cref="Backward"/> read arrays of
/// n/64 entries instead of n. Keys shorter than one tile use a plain Fisher-Yates permutation.
/// </remarks>
internal sealed class WordTransposePermutation
{
    private const int TileBits = 4096;

    /// <summary>
    /// Tile rounds. One round keeps the offset between two bits of a word (a rotation adds the same
    /// amount to both), so pairs of error pairs with equal offsets stayed together: f at 5 % QBER
    /// on 1e6 bits rose from 1.043 to 1.064 (opt8) and opt7's rounds at 3 % doubled. A second round
    /// sends the bits of each first-round word to different words again and removes that.
    /// </summary>
    private const int Rounds = 2;

    private readonly int _n;
    private readonly int _body;
    private readonly int _bodyWords;
    private readonly TileRound[] _rounds = [];
    private readonly int[] _tail;
    private readonly int[] _tailInverse;
    private readonly int[] _swapOfTail;
    private readonly Dictionary<int, int> _tailOfSwap;
    private readonly ulong[] _swapped;

    /// <summary>Draws the permutation of [0, <paramref name="n"/>) from <paramref name="random"/>.</summary>
    public WordTransposePermutation(int n, PublicPermutationRandom random)
    {
        _n = n;
        _body = n / TileBits * TileBits;
        _bodyWords = _body >> 6;
        if (_bodyWords > 0)
        {
            _rounds = new TileRound[Rounds];
            for (int r = 0; r < Rounds; r++)
            {
                _rounds[r] = new TileRound(_bodyWords, random);
            }
        }

        int tail = n - _body;
        _tail = random.Permutation(tail);
        _tailInverse = Invert(_tail);

        // Each tail position trades places with a distinct random tile position, so the tail's
        // bits are spread over the key (and a pass's last blocks are not the same few bits).
        _swapOfTail = new int[_body > 0 ? tail : 0];
        _tailOfSwap = new Dictionary<int, int>(_swapOfTail.Length);
        _swapped = new ulong[_swapOfTail.Length > 0 ? BitString.WordCount(_body) : 0];
        for (int i = 0; i < _swapOfTail.Length; i++)
        {
            int s;
            do
            {
                s = random.NextBelow(_body);
            }
            while (!_tailOfSwap.TryAdd(s, i));

            _swapOfTail[i] = s;
            _swapped[s >> 6] |= 1UL << (s & 63);
        }
    }

    /// <summary>The permuted position of original bit <paramref name="original"/>.</summary>
    public int Forward(int original)
    {
        int q;
        if (original >= _body)
        {
            q = _body + _tail[original - _body];
        }
        else
        {
            q = original;
            foreach (TileRound round in _rounds)
            {
                q = round.Forward(q);
            }
        }

        return Swap(q);
    }

    /// <summary>The original position of permuted bit <paramref name="permuted"/>.</summary>
    public int Backward(int permuted)
    {
        int q = Swap(permuted);
        if (q >= _body)
        {
            return _body + _tailInverse[q - _body];
        }

        for (int r = _rounds.Length - 1; r >= 0; r--)
        {
            q = _rounds[r].Backward(q);
        }

        return q;
    }

    /// <summary>A new bit string holding <paramref name="key"/> in permuted order.</summary>
    public BitString Apply(BitString key)
    {
        ReadOnlySpan<ulong> src = key.ReadOnlyWords;
        var dst = new ulong[BitString.WordCount(_n)];
        if (_bodyWords > 0)
        {
            // Every word of a round's output is written; the intermediate holds key bits, so it is zeroed after use.
            ulong[] between = GC.AllocateUninitializedArray<ulong>(_bodyWords);
            _rounds[0].Apply(src[.._bodyWords], _rounds.Length % 2 == 1 ? dst : between);
            for (int r = 1; r < _rounds.Length; r++)
            {
                bool toDst = (_rounds.Length - r) % 2 == 1;
                _rounds[r].Apply(toDst ? between : dst.AsSpan(0, _bodyWords), toDst ? dst : between);
            }

            System.Security.Cryptography.CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(between.AsSpan()));
        }

        for (int i = 0; i < _tail.Length; i++)
        {
            int from = _body + i, to = _body + _tail[i];
            dst[to >> 6] |= ((src[from >> 6] >> (from & 63)) & 1UL) << (to & 63);
        }

        for (int i = 0; i < _swapOfTail.Length; i++)
        {
            int a = _body + i, b = _swapOfTail[i];
            ulong differ = ((dst[a >> 6] >> (a & 63)) ^ (dst[b >> 6] >> (b & 63))) & 1UL;
            dst[a >> 6] ^= differ << (a & 63);
            dst[b >> 6] ^= differ << (b & 63);
        }

        return BitString.FromWords(dst, _n);
    }

    /// <summary>
    /// Transposes a 64 x 64 bit matrix in place (bit c of word r goes to bit r of word c) by
    /// swapping off-diagonal blocks of halving size (Warren, Hacker's Delight, 2nd ed., Sec. 7-3).
    /// </summary>
    internal static void Transpose(Span<ulong> a)
    {
        ulong m = 0x0000_0000_FFFF_FFFFUL;
        for (int j = 32; j != 0; j >>= 1, m ^= m << j)
        {
            for (int k = 0; k < 64; k = ((k | j) + 1) & ~j)
            {
                ulong t = ((a[k] >> j) ^ a[k | j]) & m;
                a[k] ^= t << j;
                a[k | j] ^= t;
            }
        }
    }

    private int Swap(int q)
    {
        if (q >= _body)
        {
            return _swapOfTail.Length > 0 ? _swapOfTail[q - _body] : q;
        }

        // The bitmap answers the common case (not swapped) without a hash probe.
        return _swapped.Length > 0 && ((_swapped[q >> 6] >> (q & 63)) & 1) != 0 ? _body + _tailOfSwap[q] : q;
    }

    internal static int[] Invert(int[] perm)
    {
        int[] inverse = GC.AllocateUninitializedArray<int>(perm.Length); // a permutation writes every entry
        Invert(perm, inverse);
        return inverse;
    }

    /// <summary>Writes the inverse of permutation <paramref name="perm"/> into <paramref name="inverse"/> (same length).</summary>
    internal static void Invert(ReadOnlySpan<int> perm, Span<int> inverse)
    {
        for (int i = 0; i < perm.Length; i++)
        {
            inverse[perm[i]] = i;
        }
    }
}
