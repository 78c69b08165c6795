using QkdNet.PostProcessing.Channel;
using QkdNet.PostProcessing.Reconciliation;

namespace QkdNet.Tests.PostProcessing.Reconciliation;

/// <summary>
/// Wraps a channel end and decodes what it sends, counting the parity bits that actually crossed
/// (the count field of every TopLevelParities and ParityResponse message, checked against its length).
/// </summary>
internal sealed class SpyClassicalChannel(IClassicalChannel inner) : IClassicalChannel
{
    public long ParityBitsSent { get; private set; }

    public long MessagesSent => inner.MessagesSent;

    public long BytesSent => inner.BytesSent;

    public ValueTask SendAsync(byte[] message, CancellationToken cancellationToken = default)
    {
        var type = (CascadeMessageType)message[0];
        if (type is CascadeMessageType.TopLevelParities or CascadeMessageType.ParityResponse)
        {
            int count = 0, shift = 0, i = 1;
            byte b;
            do
            {
                b = message[i++];
                count |= (b & 0x7F) << shift;
                shift += 7;
            }
            while ((b & 0x80) != 0);

            Assert.Equal((count + 7) / 8, message.Length - i);
            ParityBitsSent += count;
        }

        return inner.SendAsync(message, cancellationToken);
    }

    public ValueTask<byte[]> ReceiveAsync(CancellationToken cancellationToken = default) => inner.ReceiveAsync(cancellationToken);
}
