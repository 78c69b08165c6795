using System.Net;
using System.Net.Sockets;
using QkdNet.KeyManagement;
using QkdNet.PostProcessing.Authentication;
using QkdNet.Services.KeyDelivery;
using QkdNet.Services.Trading.Channel;
using QkdNet.Services.Trading.Fix;
using QkdNet.Services.Trading.Session;
using QkdNet.Tests.Services.KeyDelivery.Support;

namespace QkdNet.Tests.Services.Trading.Session;

/// <summary>
/// A broker process that restarts: a new endpoint (new buffers, new sealer and opener) behind the same address, while
/// the investor keeps its own. Its replies start again at sequence 1 under a later epoch, and the keys the old process
/// had confirmed are dropped by the investor, so every order is still answered.
/// </summary>
public sealed class TradeRestartTests
{
    private static readonly TradeEndpointOptions Options = new()
    {
        Keys = new KeyBufferOptions { KeySizeBits = 8192, MinKeys = 64, MaxKeys = 64, PollInterval = TimeSpan.FromMilliseconds(5), RetryDelay = TimeSpan.FromMilliseconds(5) },
    };

    [Fact]
    public async Task BrokerProcessRestarts_InvestorDropsTheOldBrokersKeys_AndEveryOrderIsAnsweredWithNoReplayOrUnknownKey()
    {
        var kmes = new FakeKeyDelivery(maxKeyPerRequest: 32);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var filled = new HashSet<long>();
        await using var investorEnd = new TradeEndpoint(kmes, SaeId.Create("broker"), AuthenticationRole.Alice, Options);
        Assert.Null(await investorEnd.FillAsync(stop.Token));
        investorEnd.Start(refill: true);
        var investor = new TradeInvestor(investorEnd.Session, (IPEndPoint)listener.LocalEndpoint) { ReconnectDelay = TimeSpan.FromMilliseconds(10) };
        investor.Filled += (number, _) =>
        {
            lock (filled)
            {
                filled.Add(number);
            }
        };

        (TradeEndpoint firstEnd, CancellationTokenSource firstStop, Task firstRun) = await StartBrokerAsync(kmes, listener, stop.Token);
        Task investing = Task.Run(() => investor.RunAsync(stop.Token));
        byte[][] orders = TradeSessionContractTests.Orders(0, 80);
        for (int i = 0; i < 40; i++)
        {
            await investor.SendOrderAsync(i, orders[i], stop.Token);
        }

        await UntilAsync(() => Count(filled) >= 40, stop.Token);

        // the broker process dies: its connection, buffers and counters go with it
        await firstStop.CancelAsync();
        await firstRun;
        await firstEnd.DisposeAsync();
        (TradeEndpoint secondEnd, CancellationTokenSource secondStop, Task secondRun) = await StartBrokerAsync(kmes, listener, stop.Token);
        await UntilAsync(() => investorEnd.Session.PeerRestarts == 1, stop.Token);
        for (int i = 40; i < 80; i++)
        {
            await investor.SendOrderAsync(i, orders[i], stop.Token);
        }

        await UntilAsync(() => Count(filled) >= 80, stop.Token);
        Assert.Equal(0, secondEnd.Session.Received.RejectedFor(OpenStatus.UnknownKey));
        Assert.Equal(0, investorEnd.Session.Received.RejectedFor(OpenStatus.Replayed));
        Assert.Equal(0, investor.Outstanding);

        await stop.CancelAsync();
        await secondStop.CancelAsync();
        await Task.WhenAny(Task.WhenAll(secondRun, investing), Task.Delay(TimeSpan.FromSeconds(10)));
        await secondEnd.DisposeAsync();
        secondStop.Dispose();
        firstStop.Dispose();
    }

    private static async Task<(TradeEndpoint End, CancellationTokenSource Stop, Task Run)> StartBrokerAsync(FakeKeyDelivery kmes, TcpListener listener, CancellationToken cancellationToken)
    {
        var end = new TradeEndpoint(kmes, SaeId.Create("investor"), AuthenticationRole.Bob, Options);
        Assert.Null(await end.FillAsync(cancellationToken));
        end.Start(refill: true);
        var broker = new TradeBroker(end.Session, new BrokerDesk(FixId.Create("BROKER").Value, FixId.Create("INVESTOR").Value));
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        return (end, stop, Task.Run(() => broker.RunAsync(listener, stop.Token), CancellationToken.None));
    }

    private static int Count(HashSet<long> filled)
    {
        lock (filled)
        {
            return filled.Count;
        }
    }

    private static async Task UntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(5, cancellationToken);
        }
    }
}
