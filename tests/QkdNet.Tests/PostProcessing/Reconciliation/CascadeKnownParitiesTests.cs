using QkdNet.PostProcessing.Reconciliation;
using QkdNet.Primitives;

namespace QkdNet.Tests.PostProcessing.Reconciliation;

public sealed class CascadeKnownParitiesTests
{
    private static readonly byte[] Seed = new byte[PublicPermutationRandom.SeedLength];

    [Fact]
    public void TryGet_AfterSet_ReturnsThatParityForThatNodeOnly()
    {
        var known = new CascadeKnownParities(Passes(1000));

        known.Set(1, 3, 5, 1);
        known.Set(1, 3, 4, 0);

        Assert.True(known.TryGet(1, 3, 5, out int odd));
        Assert.Equal(1, odd);
        Assert.True(known.TryGet(1, 3, 4, out int even));
        Assert.Equal(0, even);
        Assert.False(known.TryGet(1, 2, 5, out _));
        Assert.False(known.TryGet(0, 3, 5, out _));
    }

    [Fact]
    public void Set_DeepestNodeOfLastBlock_StaysInsideItsBlock()
    {
        // 1000 bits in blocks of 300: the last block has 100 bits; the deepest node of a
        // 300-bit tree is below 2^10.
        CascadePass[] passes = Passes(1000);
        var known = new CascadeKnownParities(passes);
        int last = passes[1].BlockCount - 1;

        known.Set(1, last, 1023, 1);

        Assert.True(known.TryGet(1, last, 1023, out int parity));
        Assert.Equal(1, parity);
        Assert.False(known.TryGet(1, last - 1, 1023, out _));
    }

    [Fact]
    public void SetChildren_RecordsBothHalvesAndLeavesNeighboursUnknown()
    {
        var known = new CascadeKnownParities(Passes(1000));

        known.SetChildren(1, 2, 7, 1, 0);
        known.SetChildren(1, 2, 6, 0, 1);

        Assert.True(known.TryGet(1, 2, 14, out int left));
        Assert.Equal(1, left);
        Assert.True(known.TryGet(1, 2, 15, out int right));
        Assert.Equal(0, right);
        Assert.True(known.TryGet(1, 2, 12, out int otherLeft));
        Assert.Equal(0, otherLeft);
        Assert.True(known.TryGet(1, 2, 13, out int otherRight));
        Assert.Equal(1, otherRight);
        Assert.False(known.TryGet(1, 2, 16, out _));
        Assert.False(known.TryGet(1, 2, 11, out _));
    }

    [Fact]
    public void Set_OverwritesAnEarlierParityOfTheSameNode()
    {
        var known = new CascadeKnownParities(Passes(1000));

        known.Set(0, 1, 3, 1);
        known.Set(0, 1, 3, 0);

        Assert.True(known.TryGet(0, 1, 3, out int parity));
        Assert.Equal(0, parity);
    }

    private static CascadePass[] Passes(int n)
    {
        var key = new BitString(n);
        return
        [
            CascadePass.Create(0, new CascadePassPlan(CascadePassKind.Identity, 16), key, Seed),
            CascadePass.Create(1, new CascadePassPlan(CascadePassKind.Shuffled, 300), key, Seed),
        ];
    }
}
