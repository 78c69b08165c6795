using System.Net;
using System.Net.Sockets;
using QkdNet.Services.Trading.Channel;

namespace QkdNet.Services.Trading.Session;

/// <summary>
/// The investor application: connects to the broker and sends orders through its <see cref="TradeSession"/>. Every
/// order stays outstanding until its execution report opens; when the broker disconnects the investor reconnects
/// (every <see cref="ReconnectDelay"/>) and sends the outstanding orders again, under fresh key and new sequence
/// numbers (the session's sealer and opener carry on from where they were), and the broker answers a repeated
/// order as it did the first time. A report for an order no longer outstanding is a duplicate and ignored.
/// </summary>
public sealed class TradeInvestor
{
    private readonly TradeSession _session;
    private readonly IPEndPoint _broker;
    private readonly TimeProvider _time;
    private readonly OutstandingOrders _outstanding = new();
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _resent;
    private long _reconnects;

    /// <summary>An investor reaching <paramref name="broker"/> through <paramref name="session"/>.</summary>
    public TradeInvestor(TradeSession session, IPEndPoint broker, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(broker);
        _session = session;
        _broker = broker;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>An order's execution report opened: the order number and the mode that protected the report (on the receiving thread; keep it short).</summary>
    public event Action<long, ProtectionMode>? Filled;

    /// <summary>How long to wait between connection attempts. Default 50 ms.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long a new connection waits for the broker's hello before sending. Default 1 s.</summary>
    public TimeSpan HelloWait { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether each connection is served by a thread of its own with blocking socket reads and writes
    /// (<see cref="TradeSession.Run"/>): reports are read, opened and passed to <see cref="Filled"/> on that thread, and
    /// orders are written on the sending thread itself, with no hand-off to the epoll thread or the thread pool per
    /// message (the connection is made synchronously, so the socket stays blocking). Default false: asynchronous I/O.
    /// </summary>
    public bool ReceiveThread { get; init; }

    /// <summary>Runs first on each receive thread (<see cref="ReceiveThread"/>), e.g. to set its scheduling; null for nothing.</summary>
    public Action? ReceiveThreadStarting { get; init; }

    /// <summary>Orders sent but not answered yet.</summary>
    public int Outstanding => _outstanding.Count;

    /// <summary>Orders sent again after a reconnect.</summary>
    public long Resent => Interlocked.Read(ref _resent);

    /// <summary>Connections after the first.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Completes once a connection is up (the first, or the one after a drop).</summary>
    public Task WhenConnected => Volatile.Read(ref _connected).Task;

    /// <summary>Connects, and reconnects after every drop, until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        bool first = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            var client = new TcpClient { NoDelay = true };
            try
            {
                if (ReceiveThread)
                {
                    // synchronously: an asynchronous connect would leave the socket non-blocking for good
                    client.Connect(_broker);
                }
                else
                {
                    await client.ConnectAsync(_broker, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (SocketException)
            {
                client.Dispose();
                await Task.Delay(ReconnectDelay, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!first)
            {
                Interlocked.Increment(ref _reconnects);
            }

            first = false;
            Task running = ReceiveThread
                ? ConnectionThread.Start("trade investor receive", ReceiveThreadStarting, _session, client.Client, client.GetStream(), OnReportAsync, cancellationToken)
                : _session.RunAsync(client.GetStream(), OnReportAsync, null, cancellationToken);
            await WaitUntilAttachedAsync(running).ConfigureAwait(false);
            // the broker's hello says whether it restarted (then keys it had confirmed are dropped before the resend uses any)
            await Task.WhenAny(_session.PeerHelloReceived, running, Task.Delay(HelloWait, _time, cancellationToken)).ConfigureAwait(false);
            Volatile.Read(ref _connected).TrySetResult();
            await ResendOutstandingAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await running.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            finally
            {
                client.Dispose();
                Volatile.Write(ref _connected, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            }
        }
    }

    /// <summary>Sends order <paramref name="number"/> (its FIX NewOrderSingle in <paramref name="order"/>); it stays outstanding until answered, and is sent again after a reconnect if it could not go out now.</summary>
    public async ValueTask<TradeSendResult> SendOrderAsync(long number, ReadOnlyMemory<byte> order, CancellationToken cancellationToken)
    {
        _outstanding.Add(number, order.Span);
        TradeSendResult sent = await _session.SendAsync(order, cancellationToken).ConfigureAwait(false);
        if (sent.Status == TradeSendStatus.Refused)
        {
            _outstanding.TryRemove(number);
        }

        return sent;
    }

    private async Task WaitUntilAttachedAsync(Task running)
    {
        while (!_session.IsConnected && !running.IsCompleted)
        {
            await Task.Yield();
        }
    }

    private async Task ResendOutstandingAsync(CancellationToken cancellationToken)
    {
        foreach (byte[] order in _outstanding.CopyInOrder())
        {
            if (!(await _session.SendAsync(order, cancellationToken).ConfigureAwait(false)).IsSent)
            {
                return;
            }

            Interlocked.Increment(ref _resent);
        }
    }

    private ValueTask OnReportAsync(ReadOnlyMemory<byte> message, OpenResult opened, CancellationToken cancellationToken)
    {
        if (OrderNumbers.TryReadReport(message.Span, out long number) && _outstanding.TryRemove(number))
        {
            Filled?.Invoke(number, opened.Mode);
        }

        return ValueTask.CompletedTask;
    }
}
