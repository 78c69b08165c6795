namespace QkdNet.Services.Trading.Fix;

/// <summary>The tag numbers this codec reads and writes (FIX 4.4 data dictionary).</summary>
internal static class FixTag
{
    public const int Account = 1;
    public const int AvgPx = 6;
    public const int BeginString = 8;
    public const int BodyLength = 9;
    public const int CheckSum = 10;
    public const int ClOrdId = 11;
    public const int CumQty = 14;
    public const int ExecId = 17;
    public const int LastPx = 31;
    public const int LastQty = 32;
    public const int MsgSeqNum = 34;
    public const int MsgType = 35;
    public const int OrderId = 37;
    public const int OrderQty = 38;
    public const int OrdStatus = 39;
    public const int OrdType = 40;
    public const int Price = 44;
    public const int RefSeqNum = 45;
    public const int SenderCompId = 49;
    public const int SendingTime = 52;
    public const int Side = 54;
    public const int Symbol = 55;
    public const int TargetCompId = 56;
    public const int Text = 58;
    public const int TimeInForce = 59;
    public const int TransactTime = 60;
    public const int EncryptMethod = 98;
    public const int HeartBtInt = 108;
    public const int TestReqId = 112;
    public const int ExecType = 150;
    public const int LeavesQty = 151;
    public const int RefTagId = 371;
    public const int RefMsgType = 372;
    public const int SessionRejectReason = 373;

    /// <summary>The name of a tag for a reject's Text; "tag" for one this codec does not model.</summary>
    public static string Name(int tag) => tag switch
    {
        Account => "Account",
        AvgPx => "AvgPx",
        BeginString => "BeginString",
        BodyLength => "BodyLength",
        CheckSum => "CheckSum",
        ClOrdId => "ClOrdID",
        CumQty => "CumQty",
        ExecId => "ExecID",
        LastPx => "LastPx",
        LastQty => "LastQty",
        MsgSeqNum => "MsgSeqNum",
        MsgType => "MsgType",
        OrderId => "OrderID",
        OrderQty => "OrderQty",
        OrdStatus => "OrdStatus",
        OrdType => "OrdType",
        Price => "Price",
        RefSeqNum => "RefSeqNum",
        SenderCompId => "SenderCompID",
        SendingTime => "SendingTime",
        Side => "Side",
        Symbol => "Symbol",
        TargetCompId => "TargetCompID",
        Text => "Text",
        TimeInForce => "TimeInForce",
        TransactTime => "TransactTime",
        EncryptMethod => "EncryptMethod",
        HeartBtInt => "HeartBtInt",
        TestReqId => "TestReqID",
        ExecType => "ExecType",
        LeavesQty => "LeavesQty",
        RefTagId => "RefTagID",
        RefMsgType => "RefMsgType",
        SessionRejectReason => "SessionRejectReason",
        _ => "tag",
    };
}
