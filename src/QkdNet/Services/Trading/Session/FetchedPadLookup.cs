using QkdNet.KeyManagement;
using QkdNet.Services.KeyDelivery;
using QkdNet.Services.Trading.Channel;

namespace QkdNet.Services.Trading.Session;

/// <summary>
/// The receiving end's pad from its own KME: a key named by a message is moved, on first use, out of the
/// <see cref="SlaveKeyBuffer"/> (fetched ahead with <c>dec_keys</c> from the IDs the sender announced, so no KME call
/// on a message's path) into an <see cref="InMemoryPadLookup"/>, which tracks what is consumed and zeroes it. A key
/// the buffer does not hold gives <see cref="PadLookupStatus.UnknownKey"/>: that message fails, the session goes on.
/// Memory stays bounded: the sender uses its keys one after the other and never goes back
/// (<see cref="AnnouncedPadSource"/>), and the opener refuses any message older than the newest it opened, so once a
/// message under a new key opens the previous key is retired: its unused tail zeroed and dropped, its ID kept in a
/// window of <see cref="RetiredWindow"/> IDs so a late reference is still <see cref="PadLookupStatus.AlreadyUsed"/>.
/// Thread-safe.
/// </summary>
public sealed class FetchedPadLookup : IPadLookup, IDisposable
{
    /// <summary>How many retired key IDs are remembered (older ones answer <see cref="PadLookupStatus.UnknownKey"/>, still refused).</summary>
    public const int RetiredWindow = 4096;

    private readonly SlaveKeyBuffer _buffer;
    private readonly InMemoryPadLookup _keys = new();
    private readonly Lock _gate = new();
    private readonly KeyIdWindow _retired = new(RetiredWindow);
    private KeyId? _current;

    /// <summary>Pad looked up in <paramref name="buffer"/> (started and disposed by the caller).</summary>
    public FetchedPadLookup(SlaveKeyBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        _buffer = buffer;
    }

    /// <summary>Keys held in memory now: the one in use, and any read but not yet consumed.</summary>
    public int KeysHeld => _keys.Count;

    /// <inheritdoc/>
    public PadLookupStatus TryRead(PadSegment segment, Span<byte> destination)
    {
        lock (_gate)
        {
            if (_retired.Contains(segment.KeyId))
            {
                return PadLookupStatus.AlreadyUsed;
            }
        }

        PadLookupStatus status = _keys.TryRead(segment, destination);
        if (status == PadLookupStatus.UnknownKey && _buffer.TryTake(segment.KeyId, out DeliveredKey? key))
        {
            // the key's own bytes move into the lookup (no copy per key on the message path)
            _keys.AddOwned(key.Id, key.Material.ReleaseOwnership());

            status = _keys.TryRead(segment, destination);
        }

        return status;
    }

    /// <inheritdoc/>
    public void Consume(PadSegment segment)
    {
        lock (_gate)
        {
            if (_current is { } previous && previous != segment.KeyId)
            {
                // the sender has moved on: nothing can open under the previous key any more
                _keys.Remove(previous);
                _retired.Set(previous, true);
            }

            _current = segment.KeyId;
        }

        _keys.Consume(segment);
    }

    /// <summary>Zeroes every key moved here.</summary>
    public void Dispose() => _keys.Dispose();

    /// <summary>Counts only, never key bytes.</summary>
    public override string ToString() => $"FetchedPadLookup({_keys})";
}
