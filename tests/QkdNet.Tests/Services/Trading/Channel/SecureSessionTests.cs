using System.Net;
using System.Net.Sockets;
using QkdNet.Services.Trading.Channel;

namespace QkdNet.Tests.Services.Trading.Channel;

public sealed class SecureSessionTests
{
    private const int MaxPayload = 512;

    [Fact]
    public async Task Session_OverLoopbackTcp_CarriesOrdersAndReportsAndResumesAfterReconnect()
    {
        using var pair = new ChannelPair();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // a bound on a hang, not a timing assertion
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        var sequencesAtBroker = new List<ulong>();

        // Two connections, three orders each; the investor keeps its sealer and opener across them.
        for (int connection = 0; connection < 2; connection++)
        {
            using var client = new TcpClient();
            await client.ConnectAsync(endpoint, bound.Token);
            using TcpClient accepted = await listener.AcceptTcpClientAsync(bound.Token);
            await using var investor = new SecureSession(client.GetStream(), pair.InvestorSealer, pair.InvestorOpener, MaxPayload);
            await using var broker = new SecureSession(accepted.GetStream(), pair.BrokerSealer, pair.BrokerOpener, MaxPayload);
            for (int i = 0; i < 3; i++)
            {
                byte[] order = ChannelPair.Payload(200, (connection * 10) + i);
                Assert.True((await investor.SendAsync(order, bound.Token)).IsSealed);

                byte[] received = new byte[MaxPayload];
                (FrameReadStatus read, OpenResult opened) = await broker.ReceiveAsync(received, bound.Token);
                Assert.Equal(FrameReadStatus.Frame, read);
                Assert.Equal(OpenStatus.Opened, opened.Status);
                Assert.Equal(order, received[..opened.PayloadLength]);
                sequencesAtBroker.Add(opened.Sequence);

                byte[] report = ChannelPair.Payload(120, 100 + (connection * 10) + i);
                Assert.True((await broker.SendAsync(report, bound.Token)).IsSealed);
                byte[] back = new byte[MaxPayload];
                (read, opened) = await investor.ReceiveAsync(back, bound.Token);
                Assert.Equal(OpenStatus.Opened, opened.Status);
                Assert.Equal(report, back[..opened.PayloadLength]);
            }
        }

        Assert.Equal([1UL, 2, 3, 4, 5, 6], sequencesAtBroker);
    }

    [Fact]
    public async Task Session_ReplayedFrameOnANewConnection_IsRejectedAndTheSessionGoesOn()
    {
        using var pair = new ChannelPair();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // a bound on a hang, not a timing assertion
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        byte[] recorded = ChannelPair.Seal(pair.InvestorSealer, ChannelPair.Payload(200, 1));
        Assert.True(ChannelPair.Open(pair.BrokerOpener, recorded).Result.IsOpened);

        using var client = new TcpClient();
        await client.ConnectAsync(endpoint, bound.Token);
        using TcpClient accepted = await listener.AcceptTcpClientAsync(bound.Token);
        await using var attacker = new FramedConnection(client.GetStream());
        await using var broker = new SecureSession(accepted.GetStream(), pair.BrokerSealer, pair.BrokerOpener, MaxPayload);
        await attacker.WriteFrameAsync(recorded, bound.Token);
        await attacker.WriteFrameAsync(ChannelPair.Seal(pair.InvestorSealer, ChannelPair.Payload(200, 2)), bound.Token);

        byte[] payload = new byte[MaxPayload];
        Assert.Equal(OpenStatus.Replayed, (await broker.ReceiveAsync(payload, bound.Token)).Open.Status);
        Assert.Equal(OpenStatus.Opened, (await broker.ReceiveAsync(payload, bound.Token)).Open.Status);
    }

    [Fact]
    public async Task Session_PeerCloses_ReceiveSaysEndOfStream()
    {
        using var pair = new ChannelPair();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // a bound on a hang, not a timing assertion
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint, bound.Token);
        using TcpClient accepted = await listener.AcceptTcpClientAsync(bound.Token);
        await using var broker = new SecureSession(accepted.GetStream(), pair.BrokerSealer, pair.BrokerOpener, MaxPayload);
        client.Close();

        Assert.Equal(FrameReadStatus.EndOfStream, (await broker.ReceiveAsync(new byte[MaxPayload], bound.Token)).Read);
    }
}
