namespace QkdNet.PostProcessing.Authentication;

/// <summary>
/// One direction of an <see cref="AuthenticatedClassicalChannel"/>: the hash key it reuses (secret,
/// zeroed on dispose) and the sequence number of its next message. Used by one sender or one
/// receiver at a time.
/// </summary>
internal sealed class AuthenticationDirectionState
{
    /// <summary>The direction's GF(2^64) hash key, taken from its pool before the first message.</summary>
    public ulong HashKey { get; set; }

    /// <summary>Whether <see cref="HashKey"/> has been taken yet.</summary>
    public bool HasHashKey { get; set; }

    /// <summary>Messages authenticated so far in this direction; the next message's sequence number.</summary>
    public long Sequence { get; set; }
}
