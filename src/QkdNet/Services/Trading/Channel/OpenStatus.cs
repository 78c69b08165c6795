namespace QkdNet.Services.Trading.Channel;

/// <summary>Whether a received frame opened, and if not, why. Nothing is decrypted unless it opened.</summary>
public enum OpenStatus
{
    /// <summary>Verified and decrypted.</summary>
    Opened = 0,

    /// <summary>Shorter than its header says (or than a header).</summary>
    Truncated,

    /// <summary>Longer than its header says.</summary>
    TrailingBytes,

    /// <summary>A format version this code does not read.</summary>
    UnsupportedVersion,

    /// <summary>A protection mode this code does not know.</summary>
    UnknownMode,

    /// <summary>A nil key ID, a negative offset or length, or a zero epoch.</summary>
    MalformedHeader,

    /// <summary>A sequence number already accepted (or too old to tell), or a message of a session older than the newest accepted.</summary>
    Replayed,

    /// <summary>A sequence number older than the newest accepted, never accepted itself.</summary>
    Reordered,

    /// <summary>The key the header names is not held here.</summary>
    UnknownKey,

    /// <summary>The header names bytes past the end of its key.</summary>
    PadOutOfRange,

    /// <summary>The header names pad already used by an earlier message.</summary>
    PadAlreadyUsed,

    /// <summary>The tag does not match: the header, payload or tag was altered, or the pad is not the sender's.</summary>
    TagMismatch,

    /// <summary>The caller's payload buffer is smaller than the payload.</summary>
    DestinationTooSmall,
}
