using QkdNet.Services.Statistics.Randomness;

namespace QkdNet.Tests.Services.Statistics;

/// <summary>The contract every <see cref="IPairwiseKeys"/> keeps: both ends of a pair hold the same key, other pairs another.</summary>
public abstract class PairwiseKeysContractTests
{
    protected abstract IPairwiseKeys[] Create(int parties);

    [Fact]
    public void BothEndsOfAPair_GetTheSameKey_AndOtherPairsADifferentOne()
    {
        IPairwiseKeys[] views = Create(4);
        byte[] ab = new byte[32], ba = new byte[32], ac = new byte[32];
        views[0].CopyKey(1, ab);
        views[1].CopyKey(0, ba);
        views[0].CopyKey(2, ac);
        Assert.Equal(ab, ba);
        Assert.NotEqual(ab, ac);
        Assert.NotEqual(new byte[32], ab);
    }
}

public sealed class SeededPairwiseKeysTests : PairwiseKeysContractTests
{
    protected override IPairwiseKeys[] Create(int parties) =>
        Enumerable.Range(0, parties).Select(p => (IPairwiseKeys)new SeededPairwiseKeys(99, p)).ToArray();
}

public sealed class RandomPairwiseKeysTests : PairwiseKeysContractTests
{
    protected override IPairwiseKeys[] Create(int parties) => RandomPairwiseKeys.Create(parties);

    [Fact]
    public void Dispose_ZeroesTheKeysOfEveryView()
    {
        RandomPairwiseKeys[] views = RandomPairwiseKeys.Create(3);
        views[2].Dispose();
        byte[] key = new byte[32];
        views[0].CopyKey(1, key);
        Assert.Equal(new byte[32], key);
    }
}
