namespace QkdNet.Services.Trading.Fix;

/// <summary>The tags each message type carries and requires, as bit masks over the tags the codec models.</summary>
internal static class FixTagSet
{
    private static readonly int[] Tags =
    [
        FixTag.SenderCompId, FixTag.TargetCompId, FixTag.MsgSeqNum, FixTag.SendingTime,
        FixTag.EncryptMethod, FixTag.HeartBtInt, FixTag.TestReqId,
        FixTag.ClOrdId, FixTag.Account, FixTag.Symbol, FixTag.Side, FixTag.OrderQty, FixTag.OrdType, FixTag.Price,
        FixTag.TimeInForce, FixTag.TransactTime,
        FixTag.OrderId, FixTag.ExecId, FixTag.ExecType, FixTag.OrdStatus, FixTag.LastQty, FixTag.LastPx,
        FixTag.LeavesQty, FixTag.CumQty, FixTag.AvgPx,
        FixTag.RefSeqNum, FixTag.RefTagId, FixTag.RefMsgType, FixTag.SessionRejectReason, FixTag.Text,
    ];

    private static readonly ulong HeaderRequired =
        Mask(FixTag.SenderCompId, FixTag.TargetCompId, FixTag.MsgSeqNum, FixTag.SendingTime);

    /// <summary>The bit of a modelled tag; 0 for any other.</summary>
    public static ulong Bit(int tag)
    {
        int index = Array.IndexOf(Tags, tag);
        return index < 0 ? 0 : 1UL << index;
    }

    // Computed once: a mask built per call would allocate its params array on every message.
    private static readonly ulong LogonTags = Mask(FixTag.EncryptMethod, FixTag.HeartBtInt);
    private static readonly ulong HeartbeatTags = Mask(FixTag.TestReqId);
    private static readonly ulong OrderTags = Mask(
        FixTag.ClOrdId, FixTag.Account, FixTag.Symbol, FixTag.Side, FixTag.OrderQty, FixTag.OrdType, FixTag.Price,
        FixTag.TimeInForce, FixTag.TransactTime);
    private static readonly ulong OrderRequired = Mask(
        FixTag.ClOrdId, FixTag.Symbol, FixTag.Side, FixTag.OrderQty, FixTag.OrdType, FixTag.TransactTime);
    private static readonly ulong ReportTags = Mask(
        FixTag.OrderId, FixTag.ClOrdId, FixTag.ExecId, FixTag.ExecType, FixTag.OrdStatus, FixTag.Account,
        FixTag.Symbol, FixTag.Side, FixTag.OrderQty, FixTag.Price, FixTag.LastQty, FixTag.LastPx, FixTag.LeavesQty,
        FixTag.CumQty, FixTag.AvgPx, FixTag.TransactTime);
    private static readonly ulong ReportRequired = Mask(
        FixTag.OrderId, FixTag.ExecId, FixTag.ExecType, FixTag.OrdStatus, FixTag.Symbol, FixTag.Side,
        FixTag.LeavesQty, FixTag.CumQty, FixTag.AvgPx);
    private static readonly ulong RejectTags = Mask(
        FixTag.RefSeqNum, FixTag.RefTagId, FixTag.RefMsgType, FixTag.SessionRejectReason, FixTag.Text);
    private static readonly ulong RejectRequired = Mask(FixTag.RefSeqNum);

    /// <summary>The tags a message of this type may carry (header included).</summary>
    public static ulong Allowed(FixMsgType type) => HeaderRequired | type switch
    {
        FixMsgType.Logon => LogonTags,
        FixMsgType.Heartbeat => HeartbeatTags,
        FixMsgType.NewOrderSingle => OrderTags,
        FixMsgType.ExecutionReport => ReportTags,
        _ => RejectTags,
    };

    /// <summary>The tags a message of this type must carry (header included).</summary>
    public static ulong Required(FixMsgType type) => HeaderRequired | type switch
    {
        FixMsgType.Logon => LogonTags,
        FixMsgType.Heartbeat => 0,
        FixMsgType.NewOrderSingle => OrderRequired,
        FixMsgType.ExecutionReport => ReportRequired,
        _ => RejectRequired,
    };

    /// <summary>The tag of the lowest bit set in <paramref name="bits"/>.</summary>
    public static int FirstTag(ulong bits) => Tags[System.Numerics.BitOperations.TrailingZeroCount(bits)];

    private static ulong Mask(params ReadOnlySpan<int> tags)
    {
        ulong mask = 0;
        foreach (int tag in tags)
        {
            mask |= Bit(tag);
        }

        return mask;
    }
}
