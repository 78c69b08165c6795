using QkdNet.Services.Statistics.Deployment;
using QkdNet.Services.Statistics.Randomness;
using QkdNet.Services.Statistics.Transport;

namespace QkdNet.Tests.Services.Statistics.Deployment;

/// <summary>The development fallback keeps the pairwise-key contract when agreed over a real party transport.</summary>
public sealed class EstablishedPairwiseKeysTests : PairwiseKeysContractTests
{
    protected override IPairwiseKeys[] Create(int parties)
    {
        var network = new InMemoryNetwork(parties);
        int[] active = [.. Enumerable.Range(0, parties)];
        return Task.WhenAll(active.Select(p => EstablishedPairwiseKeys.OverChannelForDevelopmentAsync(network.Endpoint(p), active, CancellationToken.None)))
            .GetAwaiter().GetResult();
    }

    [Fact]
    public async Task TheDevelopmentFallback_SaysItIsNotQkd_AndDisposeZeroesTheKeys()
    {
        var network = new InMemoryNetwork(3);
        int[] active = [0, 1, 2];
        EstablishedPairwiseKeys[] views = await Task.WhenAll(active.Select(p => EstablishedPairwiseKeys.OverChannelForDevelopmentAsync(network.Endpoint(p), active, CancellationToken.None)));

        Assert.Contains("NOT QKD", views[0].Source, StringComparison.Ordinal);
        Assert.Equal(0, views[0].QkdBitsUsed);
        Assert.DoesNotContain("=", views[0].ToString(), StringComparison.Ordinal);
        views[0].Dispose();
        byte[] key = new byte[32];
        views[0].CopyKey(1, key);
        Assert.Equal(new byte[32], key);
    }
}
