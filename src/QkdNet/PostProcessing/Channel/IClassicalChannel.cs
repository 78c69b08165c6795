namespace QkdNet.PostProcessing.Channel;

/// <summary>
/// One end of the public, ordered, reliable classical channel between Alice's and Bob's
/// post-processing engines. Messages are opaque byte arrays; the channel neither hides nor
/// authenticates them (wrap it in an authenticating channel for that).
/// </summary>
/// <remarks>
/// In-process now (<see cref="InMemoryClassicalChannel"/>), a network connection when the two ends
/// run in separate processes. One sender and one receiver per end at a time.
/// </remarks>
public interface IClassicalChannel
{
    /// <summary>Sends one message to the other end. The array is owned by the channel afterwards.</summary>
    ValueTask SendAsync(byte[] message, CancellationToken cancellationToken = default);

    /// <summary>Receives the next message from the other end, in the order it was sent.</summary>
    /// <exception cref="ClassicalChannelClosedException">The other end closed the channel.</exception>
    ValueTask<byte[]> ReceiveAsync(CancellationToken cancellationToken = default);

    /// <summary>Messages sent from this end so far.</summary>
    long MessagesSent { get; }

    /// <summary>Bytes sent from this end so far (payload only).</summary>
    long BytesSent { get; }
}
