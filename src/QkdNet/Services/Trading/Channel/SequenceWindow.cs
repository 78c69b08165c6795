namespace QkdNet.Services.Trading.Channel;

/// <summary>
/// The receiver's record of accepted (epoch, sequence) pairs: the newest sender epoch, the newest sequence
/// number within it, and a 64-wide window of which older ones were accepted (the anti-replay window of
/// RFC 4303, Sec. 3.4.3). Newer than the newest is acceptable (a lost or rejected message leaves a gap, not
/// a stall); older and accepted is a replay; older and never accepted is a reordering; older than the window
/// counts as a replay. A later epoch is a restarted sender: acceptable from sequence 1, and once accepted
/// every message of an earlier epoch is a replay (epochs only grow, see <see cref="MessageSealer.Epoch"/>).
/// Sequence numbers start at 1. Not thread-safe (one opener).
/// </summary>
internal sealed class SequenceWindow
{
    private ulong _epoch;
    private ulong _newest;
    private ulong _seen; // bit i: _newest - i was accepted

    /// <summary>The newest accepted sequence number in <see cref="Epoch"/>; 0 before the first.</summary>
    public ulong Newest => _newest;

    /// <summary>The sender epoch of the newest accepted message; 0 before the first.</summary>
    public ulong Epoch => _epoch;

    /// <summary>Why (<paramref name="epoch"/>, <paramref name="sequence"/>) may not be accepted, or <see cref="OpenStatus.Opened"/> if it may.</summary>
    public OpenStatus Check(ulong epoch, ulong sequence)
    {
        if (sequence == 0 || epoch < _epoch)
        {
            return OpenStatus.Replayed;
        }

        if (epoch > _epoch || sequence > _newest)
        {
            return OpenStatus.Opened;
        }

        ulong age = _newest - sequence;
        return age >= 64 || ((_seen >> (int)age) & 1) != 0 ? OpenStatus.Replayed : OpenStatus.Reordered;
    }

    /// <summary>Records (<paramref name="epoch"/>, <paramref name="sequence"/>), which <see cref="Check"/> allowed, as accepted.</summary>
    public void Accept(ulong epoch, ulong sequence)
    {
        if (epoch > _epoch)
        {
            // a new session of the sender: its window starts empty
            _epoch = epoch;
            _newest = 0;
            _seen = 0;
        }

        ulong shift = sequence - _newest;
        _seen = shift >= 64 ? 1UL : (_seen << (int)shift) | 1UL;
        _newest = sequence;
    }
}
