using QkdNet.Cli.Trade;

namespace QkdNet.Tests.Cli.Trade;

/// <summary>The conventional baselines end to end over loopback, with asynchronous I/O and on receive threads of their own.</summary>
public sealed class PlainLinkTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task RunAsync_EveryOrderIsAnswered(bool tls, bool receiveThreads)
    {
        OrderFlow flow = OrderFlow.Create(measured: 300, warmup: 50, seed: 7, new DateTime(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc));
        int started = 0;
        await using var link = new PlainLink(tls, receiveThreads, () => Interlocked.Increment(ref started));

        LinkResult result = await LinkMeasurement.RunAsync(link, flow, ordersPerSecond: 5_000, TimeProvider.System, CancellationToken.None, pacerStarting: () => Interlocked.Increment(ref started));

        Assert.Equal(300, result.Latency.Count);
        Assert.Equal(0, result.Failed);
        // the pacer's two runs (warm-up, measured), and with receive threads the broker's and the investor's
        Assert.Equal(receiveThreads ? 4 : 2, Volatile.Read(ref started));
    }
}
