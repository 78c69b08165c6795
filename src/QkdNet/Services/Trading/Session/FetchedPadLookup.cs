using QkdNet.KeyManagement;
using QkdNet.Services.KeyDelivery;
using QkdNet.Services.Trading.Channel;

namespace QkdNet.Services.Trading.Session;

/// <summary>
/// The receiving end's pad from its own KME: a key named by a message is moved, on first use, out of the
/// <see cref="SlaveKeyBuffer"/> (fetched ahead with <c>dec_keys</c> from the IDs the sender announced, so no KME call
/// on a message's path) into an <see cref="InMemoryPadLookup"/>, which tracks what is consumed and zeroes it. A key
/// the buffer does not hold gives <see cref="PadLookupStatus.UnknownKey"/>: that message fails, the session goes on.
/// Thread-safe.
/// </summary>
public sealed class FetchedPadLookup : IPadLookup, IDisposable
{
    private readonly SlaveKeyBuffer _buffer;
    private readonly InMemoryPadLookup _keys = new();

    /// <summary>Pad looked up in <paramref name="buffer"/> (started and disposed by the caller).</summary>
    public FetchedPadLookup(SlaveKeyBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        _buffer = buffer;
    }

    /// <inheritdoc/>
    public PadLookupStatus TryRead(PadSegment segment, Span<byte> destination)
    {
        PadLookupStatus status = _keys.TryRead(segment, destination);
        if (status == PadLookupStatus.UnknownKey && _buffer.TryTake(segment.KeyId, out DeliveredKey? key))
        {
            using (key.Material)
            {
                _keys.Add(key.Id, key.Material.Span);
            }

            status = _keys.TryRead(segment, destination);
        }

        return status;
    }

    /// <inheritdoc/>
    public void Consume(PadSegment segment) => _keys.Consume(segment);

    /// <summary>Zeroes every key moved here.</summary>
    public void Dispose() => _keys.Dispose();

    /// <summary>Counts only, never key bytes.</summary>
    public override string ToString() => $"FetchedPadLookup({_keys})";
}
