using QkdNet.PostProcessing.Channel;

namespace QkdNet.Tests.PostProcessing.Authentication;

/// <summary>
/// An active attacker on the wire: passes each message sent through <see cref="Tamper"/>, which
/// may change it, drop it, duplicate it or hold it back to deliver later.
/// </summary>
internal sealed class TamperingClassicalChannel : IClassicalChannel
{
    private readonly IClassicalChannel _inner;

    public TamperingClassicalChannel(IClassicalChannel inner) => _inner = inner;

    /// <summary>Maps (index of message sent, message) to the messages to deliver instead.</summary>
    public Func<int, byte[], IEnumerable<byte[]>> Tamper { get; set; } = (_, m) => [m];

    public long MessagesSent => _inner.MessagesSent;

    public long BytesSent => _inner.BytesSent;

    private int _index;

    public async ValueTask SendAsync(byte[] message, CancellationToken cancellationToken = default)
    {
        foreach (byte[] delivered in Tamper(_index++, message))
        {
            await _inner.SendAsync(delivered, cancellationToken);
        }
    }

    public ValueTask<byte[]> ReceiveAsync(CancellationToken cancellationToken = default) => _inner.ReceiveAsync(cancellationToken);
}
