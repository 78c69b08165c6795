namespace QkdNet.Services.Trading.Fix;

/// <summary>
/// The standard header fields a caller chooses (BeginString, BodyLength and MsgType are the encoder's).
/// <see cref="SendingTime"/> is UTC, carried to the millisecond; take it from an injected <see cref="TimeProvider"/>.
/// </summary>
public readonly record struct FixHeader
{
    /// <summary>SenderCompID (49).</summary>
    public required FixId SenderCompId { get; init; }

    /// <summary>TargetCompID (56).</summary>
    public required FixId TargetCompId { get; init; }

    /// <summary>MsgSeqNum (34), from 1.</summary>
    public required int MsgSeqNum { get; init; }

    /// <summary>SendingTime (52), UTC.</summary>
    public required DateTime SendingTime { get; init; }

    internal void Write(ref FixWriter writer)
    {
        writer.Require(!SenderCompId.IsEmpty && !TargetCompId.IsEmpty && MsgSeqNum > 0);
        writer.Field(FixTag.SenderCompId, SenderCompId);
        writer.Field(FixTag.TargetCompId, TargetCompId);
        writer.Field(FixTag.MsgSeqNum, MsgSeqNum);
        writer.Field(FixTag.SendingTime, SendingTime);
    }
}
