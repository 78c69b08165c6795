using QkdNet.PostProcessing.Reconciliation;
using QkdNet.Primitives;

namespace QkdNet.Tests.PostProcessing.Reconciliation;

public sealed class CascadePassTests
{
    private static readonly byte[] Seed = Enumerable.Range(1, PublicPermutationRandom.SeedLength).Select(i => (byte)(3 * i)).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(1_000)]
    [InlineData(70_001)]
    public void SplitPass_BlockParitiesBeforeTheMaskIsBuilt_MatchTheBitsEachBlockHolds(int n)
    {
        var (key, _, _) = SimulatedKeyPair.Create(n, 0, new Random(n));
        CascadePass pass = CascadePass.Create(5, new CascadePassPlan(CascadePassKind.Split, Math.Max(1, n / 2)), key, Seed);

        // Streamed from the generator: nothing but the block boundary is stored yet.
        int first = pass.BlockParity(0), second = pass.BlockParity(1);

        // OriginalIndexOf builds the mask; the parities read through it must be the same.
        int[] original = [.. Enumerable.Range(0, n).Select(pass.OriginalIndexOf)];
        Assert.Equal(n, original.Distinct().Count());
        Assert.Equal(ParityOf(key, original.Take(pass.BlockLength(0))), first);
        Assert.Equal(ParityOf(key, original.Skip(pass.BlockLength(0))), second);
        Assert.Equal(first, pass.BlockParity(0));
        Assert.Equal(second, pass.BlockParity(1));
    }

    [Fact]
    public void SplitPass_FlipBeforeTheMaskIsBuilt_ChangesTheParityOfTheBlockHoldingTheBit()
    {
        var (key, _, _) = SimulatedKeyPair.Create(10_007, 0, new Random(9));
        CascadePass pass = CascadePass.Create(3, new CascadePassPlan(CascadePassKind.Split, 5_003), key, Seed);
        int[] before = [pass.BlockParity(0), pass.BlockParity(1)];

        key.Flip(4_321);
        int block = pass.FlipOriginal(4_321);

        Assert.Equal(1 - before[block], pass.BlockParity(block));
        Assert.Equal(before[1 - block], pass.BlockParity(1 - block));
    }

    [Fact]
    public void SplitPass_SameSeedAndIndex_DrawsTheSameSplitForDifferentKeys()
    {
        var (alice, bob, _) = SimulatedKeyPair.Create(9_000, 0.05, new Random(4));
        CascadePass a = CascadePass.Create(7, new CascadePassPlan(CascadePassKind.Split, 4_500), alice, Seed);
        CascadePass b = CascadePass.Create(7, new CascadePassPlan(CascadePassKind.Split, 4_500), bob, Seed);

        Assert.Equal(a.BlockLength(0), b.BlockLength(0));
        Assert.Equal(Enumerable.Range(0, 9_000).Select(a.OriginalIndexOf), Enumerable.Range(0, 9_000).Select(b.OriginalIndexOf));
    }

    private static int ParityOf(BitString key, IEnumerable<int> positions) => positions.Aggregate(0, (p, i) => p ^ (key[i] ? 1 : 0));
}
