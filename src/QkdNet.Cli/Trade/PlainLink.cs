using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using QkdNet.Services.Trading.Channel;
using QkdNet.Services.Trading.Fix;
using QkdNet.Services.Trading.Session;

namespace QkdNet.Cli.Trade;

/// <summary>
/// The conventional baselines: the same length-prefixed FIX frames over loopback TCP, either in the clear
/// (<c>plain_tcp</c>) or inside TLS 1.3 (<c>tls13</c>, an ephemeral P-256 certificate pinned by the investor).
/// With <paramref name="receiveThreads"/> both ends are served as the one-time-pad link's are under the same lever
/// (<see cref="TradeLevers"/>): the broker and the investor's receiving end on threads of their own with blocking I/O
/// (connect, accept and handshakes synchronous, so the sockets stay blocking), orders written on the pacer's thread;
/// <paramref name="threadStarting"/> runs first on each of those threads.
/// </summary>
internal sealed class PlainLink(bool tls, bool receiveThreads = false, Action? threadStarting = null) : IOrderLink
{
    private readonly CancellationTokenSource _stop = new();
    private TcpListener? _listener;
    private FramedConnection? _investor;
    private Task _broker = Task.CompletedTask;
    private Task _receiver = Task.CompletedTask;
    private X509Certificate2? _certificate;
    private TcpClient? _investorClient;

    public string Name => tls ? "tls13" : "plain_tcp";

    public async Task StartAsync(Action<long> answered, CancellationToken cancellationToken)
    {
        if (receiveThreads)
        {
            StartOnThreads(answered);
            return;
        }

        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        if (tls)
        {
            _certificate = EphemeralCertificate();
        }

        Task<Stream> accepted = AcceptAsync(cancellationToken);
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync((IPEndPoint)_listener.LocalEndpoint, cancellationToken).ConfigureAwait(false);
        Stream investor = client.GetStream();
        if (tls)
        {
            string pin = _certificate!.Thumbprint;
            var ssl = new SslStream(investor, leaveInnerStreamOpen: false, (_, c, _, _) => c is not null && c.GetCertHashString() == pin);
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "broker", EnabledSslProtocols = SslProtocols.Tls13 }, cancellationToken).ConfigureAwait(false);
            investor = ssl;
        }

        Stream broker = await accepted.ConfigureAwait(false);
        _investor = new FramedConnection(investor);
        _broker = Task.Run(() => BrokerLoopAsync(new FramedConnection(broker), _stop.Token), CancellationToken.None);
        _receiver = Task.Run(() => ReceiveLoopAsync(_investor, answered, _stop.Token), CancellationToken.None);
    }

    public async ValueTask<bool> SendAsync(long number, ReadOnlyMemory<byte> order, CancellationToken cancellationToken)
    {
        try
        {
            await _investor!.WriteFrameAsync(order, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        // a blocked read on a receive thread ends when its socket is shut down, a blocked accept when the listener stops
        if (_investorClient is not null)
        {
            ShutDown(_investorClient);
        }

        _listener?.Stop();
        if (_investor is not null)
        {
            await _investor.DisposeAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(_broker.ContinueWith(_ => { }, TaskScheduler.Default), _receiver.ContinueWith(_ => { }, TaskScheduler.Default)).ConfigureAwait(false);
        _investorClient?.Dispose();
        _listener?.Dispose();
        _certificate?.Dispose();
        _stop.Dispose();
    }

    /// <summary>
    /// Both ends on threads of their own: the broker thread accepts, shakes hands and answers; the calling thread connects
    /// and shakes hands, then a receive thread reads the reports. Everything synchronous, so no socket turns non-blocking.
    /// </summary>
    private void StartOnThreads(Action<long> answered)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        if (tls)
        {
            _certificate = EphemeralCertificate();
        }

        CancellationToken stop = _stop.Token;
        _broker = OnThread("plain broker", () =>
        {
            using TcpClient client = _listener.AcceptTcpClient();
            client.NoDelay = true;
            using CancellationTokenRegistration closing = stop.UnsafeRegister(static c => ShutDown((TcpClient)c!), client);
            Stream stream = client.GetStream();
            if (tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                ssl.AuthenticateAsServer(new SslServerAuthenticationOptions { ServerCertificate = _certificate, EnabledSslProtocols = SslProtocols.Tls13 });
                stream = ssl;
            }

            BrokerLoopAsync(new FramedConnection(stream, blocking: true), stop).GetAwaiter().GetResult();
        });
        var investor = new TcpClient { NoDelay = true };
        investor.Connect((IPEndPoint)_listener.LocalEndpoint);
        _investorClient = investor;
        Stream investorStream = investor.GetStream();
        if (tls)
        {
            string pin = _certificate!.Thumbprint;
            var ssl = new SslStream(investorStream, leaveInnerStreamOpen: false, (_, c, _, _) => c is not null && c.GetCertHashString() == pin);
            ssl.AuthenticateAsClient(new SslClientAuthenticationOptions { TargetHost = "broker", EnabledSslProtocols = SslProtocols.Tls13 });
            investorStream = ssl;
        }

        _investor = new FramedConnection(investorStream, blocking: true);
        FramedConnection receiving = _investor;
        _receiver = OnThread("plain investor receive", () => ReceiveLoopAsync(receiving, answered, stop).GetAwaiter().GetResult());
    }

    private static void ShutDown(TcpClient client)
    {
        try
        {
            client.Client.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // closed already
        }
    }

    /// <summary>Runs <paramref name="body"/> on a new background thread after <c>threadStarting</c>; the task ends with it.</summary>
    private Task OnThread(string name, Action body)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                threadStarting?.Invoke();
                body();
                done.TrySetResult();
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return done.Task;
    }

    private static X509Certificate2 EphemeralCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=broker", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using X509Certificate2 created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // re-imported so SslStream can use the key on every platform
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    private static async Task ReceiveLoopAsync(FramedConnection connection, Action<long> answered, CancellationToken cancellationToken)
    {
        byte[] frame = new byte[FixEncoder.MaxMessageLength];
        while (true)
        {
            (FrameReadStatus status, int length) = await connection.ReadFrameAsync(frame, cancellationToken).ConfigureAwait(false);
            if (status != FrameReadStatus.Frame)
            {
                return;
            }

            if (OrderNumbers.TryReadReport(frame.AsSpan(0, length), out long number))
            {
                answered(number);
            }
        }
    }

    private async Task<Stream> AcceptAsync(CancellationToken cancellationToken)
    {
        TcpClient client = await _listener!.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
        client.NoDelay = true;
        Stream stream = client.GetStream();
        if (tls)
        {
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate, EnabledSslProtocols = SslProtocols.Tls13 }, cancellationToken).ConfigureAwait(false);
            stream = ssl;
        }

        return stream;
    }

    private static async Task BrokerLoopAsync(FramedConnection connection, CancellationToken cancellationToken)
    {
        var desk = new BrokerDesk(FixId.Create("BROKER").Value, FixId.Create("INVESTOR").Value);
        byte[] frame = new byte[FixEncoder.MaxMessageLength];
        byte[] reply = new byte[FixEncoder.MaxMessageLength];
        await using (connection.ConfigureAwait(false))
        {
            while (true)
            {
                (FrameReadStatus status, int length) = await connection.ReadFrameAsync(frame, cancellationToken).ConfigureAwait(false);
                if (status != FrameReadStatus.Frame)
                {
                    return;
                }

                int answer = desk.Answer(frame.AsSpan(0, length), reply);
                if (answer > 0)
                {
                    await connection.WriteFrameAsync(reply.AsMemory(0, answer), cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
