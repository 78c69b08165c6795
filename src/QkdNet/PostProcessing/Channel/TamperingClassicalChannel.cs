namespace QkdNet.PostProcessing.Channel;

/// <summary>
/// One end of a classical channel with a man in the middle on its incoming direction: once armed, it flips one bit
/// of the next message it receives, as an attacker who alters a message in flight would. Wegman-Carter
/// authentication must catch it. Used by attack drills on a simulated link; it forwards everything else unchanged.
/// </summary>
/// <remarks>Thread-safe to arm from any thread; one sender and one receiver at a time, like the channel it wraps.</remarks>
internal sealed class TamperingClassicalChannel(IClassicalChannel inner) : IClassicalChannel, IDisposable
{
    private int _armed;

    /// <inheritdoc />
    public long MessagesSent => inner.MessagesSent;

    /// <inheritdoc />
    public long BytesSent => inner.BytesSent;

    /// <summary>Alters the next message received (one bit of its last byte, which lies in the tag or the payload).</summary>
    public void TamperWithNextMessage() => Volatile.Write(ref _armed, 1);

    /// <inheritdoc />
    public ValueTask SendAsync(byte[] message, CancellationToken cancellationToken = default) => inner.SendAsync(message, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<byte[]> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        byte[] message = await inner.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        if (message.Length > 0 && Interlocked.Exchange(ref _armed, 0) == 1)
        {
            message[^1] ^= 1;
        }

        return message;
    }

    /// <summary>Closes the wrapped end.</summary>
    public void Dispose() => (inner as IDisposable)?.Dispose();
}
