using QkdNet.PostProcessing.Reconciliation;
using QkdNet.Primitives;

namespace QkdNet.Tests.PostProcessing.Reconciliation;

public sealed class WordTransposePermutationTests
{
    private static readonly byte[] Seed = Enumerable.Range(1, PublicPermutationRandom.SeedLength).Select(i => (byte)i).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(70_001)]
    public void ForwardAndBackward_AnyLength_AreInverseBijections(int n)
    {
        var perm = new WordTransposePermutation(n, new PublicPermutationRandom(Seed, 1));
        var seen = new bool[n];
        for (int x = 0; x < n; x++)
        {
            int p = perm.Forward(x);
            Assert.InRange(p, 0, n - 1);
            Assert.False(seen[p]);
            seen[p] = true;
            Assert.Equal(x, perm.Backward(p));
        }
    }

    [Theory]
    [InlineData(777)]
    [InlineData(12_345)]
    public void Apply_AnyKey_PutsEachBitAtItsForwardPosition(int n)
    {
        var (key, _, _) = SimulatedKeyPair.Create(n, 0, new Random(n));
        var perm = new WordTransposePermutation(n, new PublicPermutationRandom(Seed, 2));

        BitString permuted = perm.Apply(key);

        for (int x = 0; x < n; x++)
        {
            Assert.Equal(key.Bit(x), permuted.Bit(perm.Forward(x)));
        }
    }

    [Fact]
    public void Transpose_Tile_MovesBitCOfWordRToBitROfWordC()
    {
        var random = new Random(5);
        ulong[] tile = Enumerable.Range(0, 64).Select(_ => (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63)).ToArray();
        ulong[] original = (ulong[])tile.Clone();

        WordTransposePermutation.Transpose(tile);

        for (int r = 0; r < 64; r++)
        {
            for (int c = 0; c < 64; c++)
            {
                Assert.Equal((original[r] >> c) & 1, (tile[c] >> r) & 1);
            }
        }
    }

    [Fact]
    public void Forward_BitsOfOneWord_LandInDifferentBlocksAlmostAlways()
    {
        // The errors an earlier pass leaves come in pairs inside one small block, i.e. one word.
        const int n = 1 << 20, block = 256;
        var perm = new WordTransposePermutation(n, new PublicPermutationRandom(Seed, 3));
        int together = 0, pairs = 0;
        for (int w = 0; w < n / 64; w += 7)
        {
            for (int b = 1; b < 64; b += 5)
            {
                pairs++;
                together += perm.Forward(w * 64) / block == perm.Forward((w * 64) + b) / block ? 1 : 0;
            }
        }

        // A uniform permutation would put about pairs * block / n = 0.5 of them together.
        Assert.True(together <= 5, $"{together} of {pairs} pairs share a block");
    }
}
