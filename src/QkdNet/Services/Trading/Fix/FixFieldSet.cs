namespace QkdNet.Services.Trading.Fix;

/// <summary>The decoder's scratch: every field it models, as parsed, and which tags it has seen.</summary>
internal struct FixFieldSet
{
    public ulong Seen;
    public FixId SenderCompId, TargetCompId, ClOrdId, Account, Symbol, OrderId, ExecId, TestReqId, RefMsgType;
    public int MsgSeqNum, HeartBtInt, RefSeqNum, RefTagId, SessionRejectReason;
    public DateTime SendingTime, TransactTime;
    public FixSide Side;
    public FixOrdType OrdType;
    public FixTimeInForce TimeInForce;
    public FixExecType ExecType;
    public FixOrdStatus OrdStatus;
    public long OrderQty, LastQty, LeavesQty, CumQty;
    public FixPrice Price, LastPx, AvgPx;
    public FixText Text;

    public readonly bool Has(int tag) => (Seen & FixTagSet.Bit(tag)) != 0;
}
