namespace QkdNet.Services.Trading.Session;

/// <summary>The first byte of every frame of a trade session, saying what follows.</summary>
public enum TradeFrameKind : byte
{
    /// <summary>A protected message: a channel frame (<see cref="Channel.ChannelHeader"/>, ciphertext, tag).</summary>
    Sealed = 1,

    /// <summary>Key IDs the sender's KME gave it for this peer: fetch them (ETSI 014 <c>dec_keys</c>).</summary>
    Announce = 2,

    /// <summary>Key IDs the sender has fetched: the peer may use them now.</summary>
    Ready = 3,

    /// <summary>
    /// The first frame of every connection: the sender's session epoch (8 bytes, little-endian; <see cref="Channel.MessageSealer.Epoch"/>).
    /// A new epoch from the same peer means the peer process restarted and lost the keys it had fetched.
    /// </summary>
    Hello = 4,
}
