namespace QkdNet.Services.Statistics.Transport;

/// <summary>
/// One party's link to the other parties of a computation: ordered, reliable, authenticated and confidential
/// point-to-point messages (in-process here; mutual TLS between share servers in the product). Each ordered pair of
/// parties is a FIFO queue. A party that is unreachable makes <see cref="ReceiveAsync"/> throw
/// <see cref="PartyUnavailableException"/>. One protocol run uses an instance from one thread of control, except that a round's sends to different parties may
/// overlap (never two to the same party).
/// </summary>
public interface IPartyTransport
{
    /// <summary>This party's index, 0-based.</summary>
    int Self { get; }

    /// <summary>Number of parties, this one included.</summary>
    int PartyCount { get; }

    /// <summary>Queues <paramref name="payload"/> for party <paramref name="to"/>; the transport copies or owns it from then on
    /// and never writes to it (one payload may go to several parties).</summary>
    ValueTask SendAsync(int to, byte[] payload, CancellationToken cancellationToken);

    /// <summary>The next message from party <paramref name="from"/>.</summary>
    ValueTask<byte[]> ReceiveAsync(int from, CancellationToken cancellationToken);
}
