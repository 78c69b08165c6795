using System.Numerics;

namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>
/// One round of <see cref="WordTransposePermutation"/> over a whole number of 4096-bit tiles:
/// permute the 64-bit words, rotate each word, transpose each 64 x 64 tile, permute the words again.
/// </summary>
internal sealed class TileRound
{
    private readonly int[] _before;
    private readonly int[] _beforeInverse;
    private readonly byte[] _rotation;
    private readonly int[] _after;
    private readonly int[] _afterInverse;

    /// <summary>Draws a round over <paramref name="words"/> words (a multiple of 64).</summary>
    public TileRound(int words, PublicPermutationRandom random)
    {
        _before = random.Permutation(words);
        _beforeInverse = WordTransposePermutation.Invert(_before);
        _rotation = new byte[words];
        for (int u = 0; u < words; u++)
        {
            _rotation[u] = (byte)(random.NextUInt64() & 63);
        }

        _after = random.Permutation(words);
        _afterInverse = WordTransposePermutation.Invert(_after);
    }

    /// <summary>Where bit <paramref name="x"/> goes.</summary>
    public int Forward(int x)
    {
        int u = _before[x >> 6];
        int column = ((x & 63) + _rotation[u]) & 63;
        return (_after[(u & ~63) | column] << 6) | (u & 63);
    }

    /// <summary>Where bit <paramref name="y"/> came from.</summary>
    public int Backward(int y)
    {
        int t = _afterInverse[y >> 6];
        int u = (t & ~63) | (y & 63);
        int bit = ((t & 63) - _rotation[u]) & 63;
        return (_beforeInverse[u] << 6) | bit;
    }

    /// <summary>Writes the round applied to <paramref name="src"/> into <paramref name="dst"/> (same length, distinct).</summary>
    public void Apply(ReadOnlySpan<ulong> src, Span<ulong> dst)
    {
        Span<ulong> tile = stackalloc ulong[64];
        for (int first = 0; first < _before.Length; first += 64)
        {
            for (int row = 0; row < 64; row++)
            {
                int u = first + row;
                tile[row] = BitOperations.RotateLeft(src[_beforeInverse[u]], _rotation[u]);
            }

            WordTransposePermutation.Transpose(tile);
            for (int column = 0; column < 64; column++)
            {
                dst[_after[first + column]] = tile[column];
            }
        }
    }
}
