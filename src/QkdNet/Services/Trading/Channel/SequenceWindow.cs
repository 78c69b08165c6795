namespace QkdNet.Services.Trading.Channel;

/// <summary>
/// The receiver's record of accepted sequence numbers: the newest, and a 64-wide window of which
/// older ones were accepted (the anti-replay window of RFC 4303, Sec. 3.4.3). Newer than the newest
/// is acceptable (a lost or rejected message leaves a gap, not a stall); older and accepted is a
/// replay; older and never accepted is a reordering; older than the window counts as a replay.
/// Sequence numbers start at 1. Not thread-safe (one opener).
/// </summary>
internal sealed class SequenceWindow
{
    private ulong _newest;
    private ulong _seen; // bit i: _newest - i was accepted

    /// <summary>The newest accepted sequence number; 0 before the first.</summary>
    public ulong Newest => _newest;

    /// <summary>Why <paramref name="sequence"/> may not be accepted, or <see cref="OpenStatus.Opened"/> if it may.</summary>
    public OpenStatus Check(ulong sequence)
    {
        if (sequence > _newest)
        {
            return OpenStatus.Opened;
        }

        ulong age = _newest - sequence;
        return sequence == 0 || age >= 64 || ((_seen >> (int)age) & 1) != 0 ? OpenStatus.Replayed : OpenStatus.Reordered;
    }

    /// <summary>Records <paramref name="sequence"/>, which <see cref="Check"/> allowed, as accepted.</summary>
    public void Accept(ulong sequence)
    {
        ulong shift = sequence - _newest;
        _seen = shift >= 64 ? 1UL : (_seen << (int)shift) | 1UL;
        _newest = sequence;
    }
}
