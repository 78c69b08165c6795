using QkdNet.KeyManagement;
using QkdNet.Services.KeyDelivery;
using QkdNet.Services.Trading.Channel;

namespace QkdNet.Services.Trading.Session;

/// <summary>
/// One end of the trade channel (investor or broker) across reconnects: the caller's <see cref="MessageSealer"/> and
/// <see cref="MessageOpener"/> keep their sequence numbers while connections come and go (<see cref="RunAsync"/> once
/// per connection), so after a reconnect both directions resume where they stopped. Beside protected messages the
/// session carries the key handshake that keeps KME calls off the message path: this end's <see cref="AnnouncedPadSource"/>
/// announces each batch of its KME's keys, the peer's <see cref="SlaveKeyBuffer"/> fetches it and answers
/// <see cref="TradeFrameKind.Ready"/>, and only then are those keys used. Batches not yet confirmed are announced again
/// on every new connection. Sends are serialised; one <see cref="RunAsync"/> at a time.
/// </summary>
public sealed class TradeSession : IAsyncDisposable
{
    private readonly MessageSealer _sealer;
    private readonly MessageOpener _opener;
    private readonly AnnouncedPadSource? _outgoing;
    private readonly SlaveKeyBuffer? _incoming;
    private readonly int _maxPayloadBytes;
    private readonly SemaphoreSlim _sealing = new(1, 1);
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly Lock _gate = new();
    private readonly KeyIdWindow _incomingIds = new(IncomingIdWindow);
    private readonly byte[] _sendFrame;
    private FramedConnection? _connection;
    private long _malformed;
    private long _connections;
    private long _peerRestarts;
    private ulong _peerEpoch;
    private TaskCompletionSource _peerHello = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// The most incoming key IDs remembered (announced, and whether fetched), to answer a batch announced again after a
    /// reconnect: 16 frames' worth. A peer announces again only batches it has not seen confirmed, the newest few, so
    /// older IDs are forgotten and the memory stays bounded over a long session (about 2 MB at most).
    /// </summary>
    internal const int IncomingIdWindow = 16 * KeyIdFrame.MaxIds;

    /// <summary>
    /// A session sealing with <paramref name="sealer"/> and opening with <paramref name="opener"/> (both owned by the
    /// caller), for payloads up to <paramref name="maxPayloadBytes"/> bytes. With <paramref name="outgoing"/> (the
    /// sealer's pad source) and <paramref name="incoming"/> (the opener's key buffer) it runs the key handshake;
    /// without them (pads shared some other way) it carries protected messages only.
    /// </summary>
    public TradeSession(MessageSealer sealer, MessageOpener opener, int maxPayloadBytes, AnnouncedPadSource? outgoing = null, SlaveKeyBuffer? incoming = null)
    {
        ArgumentNullException.ThrowIfNull(sealer);
        ArgumentNullException.ThrowIfNull(opener);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPayloadBytes);
        _sealer = sealer;
        _opener = opener;
        _maxPayloadBytes = maxPayloadBytes;
        _sendFrame = new byte[1 + ChannelFrame.MaxLength(maxPayloadBytes)];
        _outgoing = outgoing;
        _incoming = incoming;
        if (_outgoing is not null)
        {
            _outgoing.Announce += OnAnnounce;
        }

        if (_incoming is not null)
        {
            _incoming.BatchFetched += OnFetched;
        }
    }

    /// <summary>Whether a connection is attached now.</summary>
    public bool IsConnected => Volatile.Read(ref _connection) is not null;

    /// <summary>Connections run so far (the first, then one per reconnect).</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Times the peer came back with a new session epoch (its process restarted); the keys it had confirmed were dropped.</summary>
    public long PeerRestarts => Interlocked.Read(ref _peerRestarts);

    /// <summary>Completes when the peer's <see cref="TradeFrameKind.Hello"/> of the connection now running has arrived (so a peer restart is known).</summary>
    public Task PeerHelloReceived
    {
        get
        {
            lock (_gate)
            {
                return _peerHello.Task;
            }
        }
    }

    /// <summary>Frames that were neither a protected message nor a well-formed key list (dropped, counted).</summary>
    public long MalformedFrames => Interlocked.Read(ref _malformed);

    /// <summary>Incoming key IDs remembered now (at most <see cref="IncomingIdWindow"/>).</summary>
    internal int IncomingIdsTracked
    {
        get
        {
            lock (_gate)
            {
                return _incomingIds.Count;
            }
        }
    }

    /// <summary>The sending side's counters (messages per mode, refusals, key bits).</summary>
    public ChannelCounters Sent => _sealer.Counters;

    /// <summary>The receiving side's counters (messages per mode, rejections by reason).</summary>
    public ChannelCounters Received => _opener.Counters;

    /// <summary>
    /// Runs one connection over <paramref name="stream"/> (owned and disposed here) until the peer closes it, it
    /// breaks or <paramref name="cancellationToken"/> fires: announces the batches the peer has not confirmed, then
    /// reads frames, handing each opened payload to <paramref name="onMessage"/> (the memory is valid until it
    /// returns) and each rejected frame's result to <paramref name="onRejected"/>; the session goes on after a rejection.
    /// </summary>
    /// <returns>How the connection ended.</returns>
    public Task<FrameReadStatus> RunAsync(
        Stream stream, Func<ReadOnlyMemory<byte>, OpenResult, CancellationToken, ValueTask> onMessage, Action<OpenResult>? onRejected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(onMessage);
        return RunConnectionAsync(new FramedConnection(stream), onMessage, onRejected, cancellationToken);
    }

    /// <summary>
    /// Runs one connection as <see cref="RunAsync"/> does, but on the calling thread with blocking reads and writes
    /// (<see cref="FramedConnection.IsBlocking"/>): for a thread of its own, which then receives, opens and hands each
    /// message on without a thread-pool or epoll hand-off. The stream must be used synchronously only (a socket never
    /// used asynchronously stays blocking at the OS level; otherwise the runtime emulates the blocking calls). The
    /// connection does not see <paramref name="cancellationToken"/> while a read is blocked: the caller closes or shuts
    /// the stream down to end it. A callback that really waits continues on the thread pool, and this call waits for it.
    /// </summary>
    /// <returns>How the connection ended.</returns>
    public FrameReadStatus Run(
        Stream stream, Func<ReadOnlyMemory<byte>, OpenResult, CancellationToken, ValueTask> onMessage, Action<OpenResult>? onRejected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(onMessage);
        return RunConnectionAsync(new FramedConnection(stream, blocking: true), onMessage, onRejected, cancellationToken).GetAwaiter().GetResult();
    }

    private async Task<FrameReadStatus> RunConnectionAsync(
        FramedConnection connection, Func<ReadOnlyMemory<byte>, OpenResult, CancellationToken, ValueTask> onMessage, Action<OpenResult>? onRejected, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _connection, connection, null) is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException("The session already runs a connection.");
        }

        Interlocked.Increment(ref _connections);
        lock (_gate)
        {
            if (_peerHello.Task.IsCompleted)
            {
                _peerHello = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        byte[] frame = new byte[Math.Max(1 + ChannelFrame.MaxLength(_maxPayloadBytes), KeyIdFrame.MaxLength)];
        byte[] payload = new byte[_maxPayloadBytes];
        try
        {
            byte[] hello = new byte[1 + sizeof(ulong)];
            hello[0] = (byte)TradeFrameKind.Hello;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(hello.AsSpan(1), _sealer.Epoch);
            await WriteControlAsync(connection, hello).ConfigureAwait(false);
            foreach (KeyId[] batch in _outgoing?.Unacknowledged() ?? [])
            {
                await WriteControlAsync(connection, KeyIdFrame.Write(TradeFrameKind.Announce, batch)).ConfigureAwait(false);
            }

            while (true)
            {
                (FrameReadStatus status, int length) = await connection.ReadFrameAsync(frame, cancellationToken).ConfigureAwait(false);
                if (status != FrameReadStatus.Frame)
                {
                    return status;
                }

                await DispatchAsync(connection, frame.AsMemory(0, length), payload, onMessage, onRejected, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            return FrameReadStatus.TruncatedFrame;
        }
        finally
        {
            Interlocked.CompareExchange(ref _connection, null, connection);
            await EnterWritingAsync(connection).ConfigureAwait(false);
            try
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
                // the connection is gone already
            }
            finally
            {
                _writing.Release();
            }
        }
    }

    /// <summary>
    /// Seals <paramref name="payload"/> (at most the session's maximum) and writes it on the connection now attached.
    /// Without a connection nothing is sealed and no key used; under policy wait this waits for key until
    /// <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async ValueTask<TradeSendResult> SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payload.Length, _maxPayloadBytes);
        await _sealing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            FramedConnection? connection = Volatile.Read(ref _connection);
            if (connection is null)
            {
                return new TradeSendResult(TradeSendStatus.NotConnected, default);
            }

            _sendFrame[0] = (byte)TradeFrameKind.Sealed;
            SealResult sealedFrame = await _sealer.SealAsync(payload, _sendFrame.AsMemory(1), cancellationToken).ConfigureAwait(false);
            if (!sealedFrame.IsSealed)
            {
                return new TradeSendResult(TradeSendStatus.Refused, sealedFrame);
            }

            return await WriteAsync(connection, _sendFrame.AsMemory(0, 1 + sealedFrame.FrameLength)).ConfigureAwait(false)
                ? new TradeSendResult(TradeSendStatus.Sent, sealedFrame)
                : new TradeSendResult(TradeSendStatus.ConnectionLost, sealedFrame);
        }
        finally
        {
            _sealing.Release();
        }
    }

    /// <summary>Stops listening to the key buffers; the sealer, opener and buffers stay with their owner.</summary>
    public ValueTask DisposeAsync()
    {
        if (_outgoing is not null)
        {
            _outgoing.Announce -= OnAnnounce;
        }

        if (_incoming is not null)
        {
            _incoming.BatchFetched -= OnFetched;
        }

        return ValueTask.CompletedTask;
    }

    private async ValueTask DispatchAsync(
        FramedConnection connection, ReadOnlyMemory<byte> frame, byte[] payload, Func<ReadOnlyMemory<byte>, OpenResult, CancellationToken, ValueTask> onMessage, Action<OpenResult>? onRejected, CancellationToken cancellationToken)
    {
        switch ((TradeFrameKind)frame.Span[0])
        {
            case TradeFrameKind.Sealed:
                OpenResult opened = _opener.Open(frame.Span[1..], payload);
                if (opened.IsOpened)
                {
                    await onMessage(payload.AsMemory(0, opened.PayloadLength), opened, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    onRejected?.Invoke(opened);
                }

                return;
            case TradeFrameKind.Announce when _incoming is not null && KeyIdFrame.TryRead(frame.Span, out KeyId[] announced):
                KeyId[] known = OnAnnounced(announced);
                if (known.Length > 0)
                {
                    await WriteControlAsync(connection, KeyIdFrame.Write(TradeFrameKind.Ready, known)).ConfigureAwait(false);
                }

                return;
            case TradeFrameKind.Ready when _outgoing is not null && KeyIdFrame.TryRead(frame.Span, out KeyId[] ready):
                _outgoing.MarkReady(ready);
                return;
            case TradeFrameKind.Hello when frame.Length == 1 + sizeof(ulong):
                OnHello(System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(frame.Span[1..]));
                return;
            default:
                Interlocked.Increment(ref _malformed);
                return;
        }
    }

    /// <summary>Passes the IDs never seen to the key buffer and returns those fetched already (a repeat after a reconnect).</summary>
    private KeyId[] OnAnnounced(KeyId[] ids)
    {
        var fresh = new List<KeyId>(ids.Length);
        var known = new List<KeyId>();
        lock (_gate)
        {
            foreach (KeyId id in ids)
            {
                if (!_incomingIds.TryGetValue(id, out bool fetched))
                {
                    _incomingIds.Set(id, false);
                    fresh.Add(id);
                }
                else if (fetched)
                {
                    known.Add(id);
                }
            }
        }

        if (fresh.Count > 0)
        {
            _incoming!.Announce(fresh);
        }

        return [.. known];
    }

    /// <summary>
    /// The peer's epoch for this connection. A different one than before is a restarted peer: the keys it had confirmed
    /// are dropped (<see cref="AnnouncedPadSource.PeerRestarted"/>). The hello is not authenticated: a forged one can
    /// only waste confirmed key, as an attacker on the connection could by cutting it.
    /// </summary>
    private void OnHello(ulong epoch)
    {
        bool restarted;
        TaskCompletionSource hello;
        lock (_gate)
        {
            restarted = _peerEpoch != 0 && epoch != _peerEpoch;
            _peerEpoch = epoch;
            hello = _peerHello;
        }

        if (restarted)
        {
            _outgoing?.PeerRestarted();
            Interlocked.Increment(ref _peerRestarts);
        }

        hello.TrySetResult();
    }

    private void OnFetched(IReadOnlyList<KeyId> ids)
    {
        lock (_gate)
        {
            foreach (KeyId id in ids)
            {
                _incomingIds.Set(id, true);
            }
        }

        SendControlInBackground(KeyIdFrame.Write(TradeFrameKind.Ready, ids));
    }

    private void OnAnnounce(IReadOnlyList<KeyId> ids) => SendControlInBackground(KeyIdFrame.Write(TradeFrameKind.Announce, ids));

    /// <summary>A key list raised on a buffer's thread goes out without blocking it; without a connection it waits for the next one's re-announcement.</summary>
    private void SendControlInBackground(byte[] frame)
    {
        if (Volatile.Read(ref _connection) is { } connection)
        {
            _ = WriteControlAsync(connection, frame).AsTask();
        }
    }

    private async ValueTask WriteControlAsync(FramedConnection connection, byte[] frame) => await WriteAsync(connection, frame).ConfigureAwait(false);

    /// <summary>Writes one frame under the write lock; false when the connection is gone or fails.</summary>
    private async ValueTask<bool> WriteAsync(FramedConnection connection, ReadOnlyMemory<byte> frame)
    {
        await EnterWritingAsync(connection).ConfigureAwait(false);
        try
        {
            if (!ReferenceEquals(Volatile.Read(ref _connection), connection))
            {
                return false;
            }

            await connection.WriteFrameAsync(frame, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            return false;
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>
    /// Takes the write lock: on a blocking connection by waiting on this thread (its writes are synchronous anyway, and
    /// a receive thread that answers must not continue on the thread pool), otherwise asynchronously.
    /// </summary>
    private ValueTask EnterWritingAsync(FramedConnection connection)
    {
        if (connection.IsBlocking)
        {
            _writing.Wait();
            return ValueTask.CompletedTask;
        }

        return new ValueTask(_writing.WaitAsync(CancellationToken.None));
    }
}
