using System.Net.Sockets;
using QkdNet.Services.Trading.Channel;
using QkdNet.Services.Trading.Fix;

namespace QkdNet.Services.Trading.Session;

/// <summary>
/// The broker application: accepts the investor's TCP connection (one at a time; a new one after each drop), opens
/// every order through its <see cref="TradeSession"/>, answers it with the <see cref="BrokerDesk"/> and seals the
/// answer back. A frame that does not open is counted by the session's opener and the connection goes on.
/// </summary>
public sealed class TradeBroker
{
    private readonly TradeSession _session;
    private readonly BrokerDesk _desk;
    private byte[] _reply = new byte[FixEncoder.MaxMessageLength];
    private long _answersLost;
    private CancellationTokenSource? _current;

    /// <summary>A broker answering through <paramref name="session"/> with <paramref name="desk"/>.</summary>
    public TradeBroker(TradeSession session, BrokerDesk desk)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(desk);
        _session = session;
        _desk = desk;
    }

    /// <summary>
    /// Whether each connection is served by a thread of its own with blocking socket reads and writes
    /// (<see cref="TradeSession.Run"/>): the order is read, opened, answered and the report sent on that thread, with no
    /// hand-off to the epoll thread or the thread pool per message. Default false: asynchronous I/O.
    /// </summary>
    public bool ReceiveThread { get; init; }

    /// <summary>Runs first on each receive thread (<see cref="ReceiveThread"/>), e.g. to set its scheduling; null for nothing.</summary>
    public Action? ReceiveThreadStarting { get; init; }

    /// <summary>Answers that could not go out (no key under policy fail, or the connection dropped meanwhile).</summary>
    public long AnswersLost => Interlocked.Read(ref _answersLost);

    /// <summary>Accepts connections on <paramref name="listener"/> (started by the caller) until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listener);
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            client.NoDelay = true;
            using var connection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Volatile.Write(ref _current, connection);
            try
            {
                if (ReceiveThread)
                {
                    await ConnectionThread.Start("trade broker receive", ReceiveThreadStarting, _session, client.Client, client.GetStream(), AnswerAsync, connection.Token).ConfigureAwait(false);
                }
                else
                {
                    await _session.RunAsync(client.GetStream(), AnswerAsync, null, connection.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // dropped on purpose (DropConnection) or shutting down
            }
            finally
            {
                Volatile.Write(ref _current, null);
                client.Dispose();
            }
        }
    }

    /// <summary>Closes the connection now open, as a broker failure would (the investor reconnects and resumes).</summary>
    public void DropConnection() => Volatile.Read(ref _current)?.Cancel();

    /// <summary>
    /// Answers on the receiving loop; a send that cannot finish at once (waiting for key under policy wait) goes on in
    /// the background with the reply buffer it was given, so the loop keeps reading, among other things the peer's
    /// key confirmations that send waits for. Sends keep their order (the session serialises them first come, first served).
    /// </summary>
    private ValueTask AnswerAsync(ReadOnlyMemory<byte> message, OpenResult opened, CancellationToken cancellationToken)
    {
        int length = _desk.Answer(message.Span, _reply);
        if (length == 0)
        {
            return ValueTask.CompletedTask;
        }

        ValueTask<TradeSendResult> send = _session.SendAsync(_reply.AsMemory(0, length), cancellationToken);
        if (send.IsCompletedSuccessfully)
        {
            CountLost(send.Result);
            return ValueTask.CompletedTask;
        }

        // the pending send keeps this buffer; the next answer gets a new one (only on this slow path)
        _reply = new byte[FixEncoder.MaxMessageLength];
        _ = CompleteInBackgroundAsync(send);
        return ValueTask.CompletedTask;
    }

    private async Task CompleteInBackgroundAsync(ValueTask<TradeSendResult> send)
    {
        try
        {
            CountLost(await send.ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _answersLost);
        }
    }

    private void CountLost(TradeSendResult sent)
    {
        if (!sent.IsSent)
        {
            Interlocked.Increment(ref _answersLost);
        }
    }
}
