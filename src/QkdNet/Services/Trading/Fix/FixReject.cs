namespace QkdNet.Services.Trading.Fix;

/// <summary>Reject (35=3), the session-level answer to a message that could not be decoded.</summary>
public readonly record struct FixReject : IFixBody
{
    /// <summary>RefSeqNum (45): MsgSeqNum of the rejected message, 0 when it could not be read.</summary>
    public required int RefSeqNum { get; init; }

    /// <summary>RefTagID (371), optional.</summary>
    public int? RefTagId { get; init; }

    /// <summary>RefMsgType (372), optional.</summary>
    public FixId RefMsgType { get; init; }

    /// <summary>SessionRejectReason (373), optional.</summary>
    public FixSessionRejectReason? SessionRejectReason { get; init; }

    /// <summary>Text (58), optional.</summary>
    public FixText Text { get; init; }

    static FixMsgType IFixBody.MsgType => FixMsgType.Reject;

    /// <summary>The Reject that answers a decoding failure, with its reason and a Text naming the problem; no allocation.</summary>
    public static FixReject For(in FixDecodeError error)
    {
        Span<byte> text = stackalloc byte[FixText.Capacity];
        FixText.TryCreate(text[..error.FormatText(text)], out FixText fixText);
        FixId refMsgType = default;
        if (error.RefMsgType is { } msgType)
        {
            FixId.TryCreate([(byte)msgType], out refMsgType);
        }

        return new FixReject
        {
            RefSeqNum = error.RefSeqNum,
            RefTagId = error.RefTagId == 0 ? null : error.RefTagId,
            RefMsgType = refMsgType,
            SessionRejectReason = error.SessionRejectReason,
            Text = fixText,
        };
    }

    void IFixBody.WriteBody(ref FixWriter writer)
    {
        writer.Require(RefSeqNum >= 0 && RefTagId is not <= 0 && SessionRejectReason is not (< 0 or > (FixSessionRejectReason)99));
        writer.Field(FixTag.RefSeqNum, RefSeqNum);
        if (RefTagId is { } refTagId)
        {
            writer.Field(FixTag.RefTagId, refTagId);
        }

        writer.Field(FixTag.RefMsgType, RefMsgType);
        if (SessionRejectReason is { } reason)
        {
            writer.Field(FixTag.SessionRejectReason, (int)reason);
        }

        writer.Field(FixTag.Text, Text);
    }
}
