using QkdNet.Control.Routing;
using QkdNet.KeyManagement;
using QkdNet.Node.Links;
using QkdNet.Node.Tests.Support;

namespace QkdNet.Node.Tests.Links;

public sealed class RandomKeyLinkTests
{
    [Fact]
    public async Task Status_ReportsTheRateItDelivered_NotZero()
    {
        var time = new ManualTimeProvider();
        var link = new RandomKeyLink("L", 1024, time);
        for (int i = 0; i < 10; i++)
        {
            (await link.Alice.NextKeyBlockAsync()).Key.Clear();
        }

        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(10 * 1024 / 2.0, link.Alice.Status.SecretKeyRateBps, 9);
        Assert.Equal(10, link.Alice.Status.BlocksDelivered);
        Assert.Equal(0, link.Bob.Status.SecretKeyRateBps); // the other end handed out nothing yet
    }

    [Fact]
    public async Task RoutingWeight_OfAnActiveRandomLink_IsNotThatOfAStalledOne()
    {
        var time = new ManualTimeProvider();
        var link = new RandomKeyLink("L", 1 << 18, time);
        (await link.Alice.NextKeyBlockAsync()).Key.Clear();
        time.Advance(TimeSpan.FromSeconds(1));
        var id = LinkId.Create("L");

        double active = RoutingWeights.Default.WeightOf(new LinkState(id, 0.5, link.Alice.Status.SecretKeyRateBps, false));
        double stalled = RoutingWeights.Default.WeightOf(new LinkState(id, 0.5, 0, false));

        Assert.True(active < 3.1, $"weight {active}"); // 1 + 1/0.5 + 1000/262144
        Assert.True(stalled > 1000, $"weight {stalled}");
    }
}
