namespace QkdNet.Services.Trading.Channel;

/// <summary>
/// One connection of the secure trade channel: this end's <see cref="MessageSealer"/> for what it
/// sends and <see cref="MessageOpener"/> for what it receives, over a <see cref="FramedConnection"/>.
/// The sealer and opener belong to the caller and outlive the session, so after a reconnect a new
/// session over the new stream resumes from the same sequence numbers. One sender and one receiver
/// may use it at the same time.
/// </summary>
public sealed class SecureSession : IAsyncDisposable
{
    private readonly FramedConnection _connection;
    private readonly MessageSealer _sealer;
    private readonly MessageOpener _opener;
    private readonly byte[] _sendFrame;
    private readonly byte[] _receiveFrame;

    /// <summary>A session over <paramref name="stream"/> (owned and disposed by it) for payloads up to <paramref name="maxPayloadBytes"/> bytes.</summary>
    public SecureSession(Stream stream, MessageSealer sealer, MessageOpener opener, int maxPayloadBytes)
    {
        ArgumentNullException.ThrowIfNull(sealer);
        ArgumentNullException.ThrowIfNull(opener);
        ArgumentOutOfRangeException.ThrowIfNegative(maxPayloadBytes);
        _connection = new FramedConnection(stream);
        _sealer = sealer;
        _opener = opener;
        _sendFrame = new byte[ChannelFrame.MaxLength(maxPayloadBytes)];
        _receiveFrame = new byte[ChannelFrame.MaxLength(maxPayloadBytes)];
    }

    /// <summary>Seals <paramref name="payload"/> (waiting for pad if the policy says so) and sends it; a refusal is returned, nothing sent.</summary>
    public async ValueTask<SealResult> SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        SealResult sealedFrame = await _sealer.SealAsync(payload, _sendFrame, cancellationToken).ConfigureAwait(false);
        if (sealedFrame.IsSealed)
        {
            await _connection.WriteFrameAsync(_sendFrame.AsMemory(0, sealedFrame.FrameLength), cancellationToken).ConfigureAwait(false);
        }

        return sealedFrame;
    }

    /// <summary>
    /// Reads the next frame and opens it into <paramref name="payload"/>. A frame that does not open is
    /// reported with its reason and the session goes on; the open result is meaningful only with
    /// <see cref="FrameReadStatus.Frame"/>.
    /// </summary>
    public async ValueTask<(FrameReadStatus Read, OpenResult Open)> ReceiveAsync(Memory<byte> payload, CancellationToken cancellationToken)
    {
        (FrameReadStatus status, int length) = await _connection.ReadFrameAsync(_receiveFrame, cancellationToken).ConfigureAwait(false);
        return status == FrameReadStatus.Frame
            ? (status, _opener.Open(_receiveFrame.AsSpan(0, length), payload.Span))
            : (status, default);
    }

    /// <summary>Closes the connection; the sealer and opener stay with their owner.</summary>
    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
