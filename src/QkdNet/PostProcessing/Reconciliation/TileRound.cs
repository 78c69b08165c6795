using System.Numerics;

namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>
/// One round of <see cref="WordTransposePermutation"/> over a whole number of 4096-bit tiles:
/// permute the 64-bit words, rotate each word, transpose each 64 x 64 tile, permute the words again.
/// </summary>
/// <remarks>
/// <see cref="Forward"/> and <see cref="Backward"/> run for every bit Bob flips, at random places in
/// tables too large for L1, so each reads two tables, not three: the rotation of word u is packed
/// into the low 6 bits of the word-permutation entries that lead to and from u.
/// </remarks>
internal sealed class TileRound
{
    private readonly int[] _after;
    private readonly int[] _afterInverse;

    /// <summary>(before[w] &lt;&lt; 6) | rotation[before[w]]: where word w goes first and by how much it turns.</summary>
    private readonly int[] _beforeRotated;

    /// <summary>(beforeInverse[u] &lt;&lt; 6) | rotation[u].</summary>
    private readonly int[] _beforeInverseRotated;

    /// <summary>Draws a round over <paramref name="words"/> words (a multiple of 64).</summary>
    public TileRound(int words, PublicPermutationRandom random)
    {
        // The two packed tables first hold the plain word permutation and its inverse and are packed
        // in place: no temporary arrays of n/64 ints (2 x 60 kB per round at 1e6 bits, per end and block).
        _beforeRotated = GC.AllocateUninitializedArray<int>(words); // every entry written below
        _beforeInverseRotated = GC.AllocateUninitializedArray<int>(words);
        random.Permutation(_beforeRotated);
        WordTransposePermutation.Invert(_beforeRotated, _beforeInverseRotated);
        var rotation = new byte[words];
        for (int u = 0; u < words; u++)
        {
            rotation[u] = (byte)(random.NextUInt64() & 63);
        }

        _after = random.Permutation(words);
        _afterInverse = WordTransposePermutation.Invert(_after);
        for (int w = 0; w < words; w++)
        {
            int before = _beforeRotated[w];
            _beforeRotated[w] = (before << 6) | rotation[before];
            _beforeInverseRotated[w] = (_beforeInverseRotated[w] << 6) | rotation[w];
        }
    }

    /// <summary>Where bit <paramref name="x"/> goes.</summary>
    public int Forward(int x)
    {
        int packed = _beforeRotated[x >> 6];
        int u = packed >> 6;
        int column = ((x & 63) + packed) & 63;
        return (_after[(u & ~63) | column] << 6) | (u & 63);
    }

    /// <summary>Where bit <paramref name="y"/> came from.</summary>
    public int Backward(int y)
    {
        int t = _afterInverse[y >> 6];
        int packed = _beforeInverseRotated[(t & ~63) | (y & 63)];
        int bit = ((t & 63) - packed) & 63;
        return (packed & ~63) | bit;
    }

    /// <summary>Writes the round applied to <paramref name="src"/> into <paramref name="dst"/> (same length, distinct).</summary>
    public void Apply(ReadOnlySpan<ulong> src, Span<ulong> dst)
    {
        Span<ulong> tile = stackalloc ulong[64];
        for (int first = 0; first < _after.Length; first += 64)
        {
            for (int row = 0; row < 64; row++)
            {
                int packed = _beforeInverseRotated[first + row];
                tile[row] = BitOperations.RotateLeft(src[packed >> 6], packed & 63);
            }

            WordTransposePermutation.Transpose(tile);
            for (int column = 0; column < 64; column++)
            {
                dst[_after[first + column]] = tile[column];
            }
        }
    }
}
