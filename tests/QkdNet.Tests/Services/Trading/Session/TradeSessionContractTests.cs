using System.Net;
using System.Net.Sockets;
using QkdNet.KeyManagement;
using QkdNet.PostProcessing.Authentication;
using QkdNet.Services.KeyDelivery;
using QkdNet.Services.PseudoData;
using QkdNet.Services.Trading.Channel;
using QkdNet.Services.Trading.Fix;
using QkdNet.Services.Trading.Session;
using QkdNet.Tests.Services.KeyDelivery.Support;

namespace QkdNet.Tests.Services.Trading.Session;

/// <summary>
/// The investor and broker applications over loopback TCP, each on its own key buffers over an in-memory KME pair
/// (<see cref="FakeKeyDelivery"/>): round trips, a broker that drops the connection, a KME that goes down mid-run;
/// with asynchronous I/O (<see cref="TradeSessionTests"/>) and with each connection on a receive thread of its own
/// with blocking I/O (<see cref="TradeSessionOnReceiveThreadsTests"/>).
/// </summary>
public abstract class TradeSessionContractTests : IAsyncLifetime
{
    private static readonly DateTime Timestamp = new(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc);
    private readonly FakeKeyDelivery _kmes = new(maxKeyPerRequest: 32);
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromMinutes(2));
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Lock _gate = new();
    private readonly HashSet<long> _filled = [];
    private TradeEndpoint _investorEnd = null!;
    private TradeEndpoint _brokerEnd = null!;
    private TradeBroker _broker = null!;
    private TradeInvestor _investor = null!;
    private Task _running = Task.CompletedTask;

    /// <summary>Whether the broker and the investor serve their connections on threads of their own (blocking I/O).</summary>
    protected abstract bool ReceiveThread { get; }

    public async Task InitializeAsync()
    {
        var options = new TradeEndpointOptions
        {
            Keys = new KeyBufferOptions { KeySizeBits = 8192, MinKeys = 64, MaxKeys = 64, PollInterval = TimeSpan.FromMilliseconds(5), RetryDelay = TimeSpan.FromMilliseconds(5) },
        };
        _investorEnd = new TradeEndpoint(_kmes, SaeId.Create("broker"), AuthenticationRole.Alice, options);
        _brokerEnd = new TradeEndpoint(_kmes, SaeId.Create("investor"), AuthenticationRole.Bob, options);
        Assert.Null(await _investorEnd.FillAsync(_stop.Token));
        Assert.Null(await _brokerEnd.FillAsync(_stop.Token));
        _investorEnd.Start(refill: true);
        _brokerEnd.Start(refill: true);
        _listener.Start();
        _broker = new TradeBroker(_brokerEnd.Session, new BrokerDesk(FixId.Create("BROKER").Value, FixId.Create("INVESTOR").Value)) { ReceiveThread = ReceiveThread };
        _investor = new TradeInvestor(_investorEnd.Session, (IPEndPoint)_listener.LocalEndpoint) { ReconnectDelay = TimeSpan.FromMilliseconds(10), ReceiveThread = ReceiveThread };
        _investor.Filled += (number, _) =>
        {
            lock (_gate)
            {
                _filled.Add(number);
            }
        };
        _running = Task.WhenAll(Task.Run(() => _broker.RunAsync(_listener, _stop.Token)), Task.Run(() => _investor.RunAsync(_stop.Token)));
        await _investor.WhenConnected.WaitAsync(_stop.Token);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await Task.WhenAny(_running, Task.Delay(TimeSpan.FromSeconds(10)));
        _listener.Dispose();
        await _investorEnd.DisposeAsync();
        await _brokerEnd.DisposeAsync();
        _stop.Dispose();
    }

    [Fact]
    public async Task Orders_EachGetItsExecutionReport_UnderTheOneTimePad()
    {
        byte[][] orders = Orders(0, 200);

        for (int i = 0; i < orders.Length; i++)
        {
            Assert.Equal(TradeSendStatus.Sent, (await _investor.SendOrderAsync(i, orders[i], _stop.Token)).Status);
        }

        await UntilFilledAsync(200);
        Assert.Equal(200, _investorEnd.Session.Sent.OneTimePadMessages);
        Assert.Equal(200, _brokerEnd.Session.Sent.OneTimePadMessages);
        Assert.Equal(0, _brokerEnd.Session.Received.Rejected + _investorEnd.Session.Received.Rejected);
        Assert.True(_investorEnd.Session.Sent.KeyBitsPerMessage > 8 * orders[0].Length, "each order uses its length of pad plus the tag key");
    }

    [Fact]
    public async Task BrokerDropsTheConnection_InvestorReconnects_AndEveryOrderIsAnsweredWithSequenceNumbersCarriedOn()
    {
        byte[][] orders = Orders(0, 100);
        for (int i = 0; i < 50; i++)
        {
            await _investor.SendOrderAsync(i, orders[i], _stop.Token);
        }

        await UntilFilledAsync(50);
        ulong before = _brokerEnd.Session.Sent.Messages > 0 ? (ulong)_brokerEnd.Session.Sent.Messages : 0;

        _broker.DropConnection();
        for (int i = 50; i < 100; i++)
        {
            // some go out before the drop is noticed and are lost, some find no connection: all stay outstanding
            await _investor.SendOrderAsync(i, orders[i], _stop.Token);
        }

        await UntilFilledAsync(100);
        Assert.True(_investor.Reconnects >= 1);
        Assert.True(_brokerEnd.Session.Connections >= 2);
        Assert.Equal(0, _investor.Outstanding);
        // no frame was refused as a replay: the sealers went on numbering from where they were
        Assert.Equal(0, _brokerEnd.Session.Received.RejectedFor(OpenStatus.Replayed) + _investorEnd.Session.Received.RejectedFor(OpenStatus.Replayed));
        Assert.True((ulong)_brokerEnd.Session.Sent.Messages > before);
    }

    [Fact]
    public async Task KmeDownMidRun_TheBuffersCarryTheSession_AndTheFailedFetchesAreCounted()
    {
        byte[][] orders = Orders(0, 60);
        await _investor.SendOrderAsync(0, orders[0], _stop.Token);
        await UntilFilledAsync(1);

        _kmes.FailAll = new KeyDeliveryError(KeyDeliveryErrorKind.Transport, null, "connection refused");
        for (int i = 1; i < orders.Length; i++)
        {
            await _investor.SendOrderAsync(i, orders[i], _stop.Token);
        }

        await UntilFilledAsync(60);
        await Wait.UntilAsync(() => _investorEnd.FetchFailures + _brokerEnd.FetchFailures > 0, _stop.Token);
        Assert.Equal(0, _investorEnd.Session.Sent.Refused + _brokerEnd.Session.Sent.Refused);
    }

    internal static byte[][] Orders(int first, int count)
    {
        FixId investor = FixId.Create("INVESTOR").Value, broker = FixId.Create("BROKER").Value;
        byte[] buffer = new byte[FixEncoder.MaxMessageLength];
        return [.. new PseudoDataGenerator(seed: 11).Orders(first + count).Skip(first).Select((o, i) =>
        {
            var header = new FixHeader { SenderCompId = investor, TargetCompId = broker, MsgSeqNum = first + i + 1, SendingTime = Timestamp };
            Assert.True(FixEncoder.TryEncode(header, (o with { Sequence = first + i }).ToNewOrderSingle(Timestamp), buffer, out int written));
            return buffer.AsSpan(0, written).ToArray();
        })];
    }

    private Task UntilFilledAsync(int count) => Wait.UntilAsync(
        () =>
        {
            lock (_gate)
            {
                return _filled.Count >= count;
            }
        },
        _stop.Token);

    private static class Wait
    {
        public static async Task UntilAsync(Func<bool> condition, CancellationToken cancellationToken)
        {
            while (!condition())
            {
                await Task.Delay(5, cancellationToken);
            }
        }
    }
}
