namespace QkdNet.Services.Trading.Fix;

/// <summary>From parsed fields to the message: required tags, then the rules that span fields.</summary>
public static partial class FixDecoder
{
    private static bool TryBuild(
        ReadOnlySpan<byte> message, FixMsgType type, in FixFieldSet f, out FixMessage decoded, out FixDecodeError error)
    {
        decoded = default;
        ulong missing = FixTagSet.Required(type) & ~f.Seen;
        if (missing != 0)
        {
            error = Fail(message, FixDecodeProblem.MissingRequiredTag, FixTagSet.FirstTag(missing), type);
            return false;
        }

        if (!TryCheck(type, f, out FixDecodeProblem problem, out int tag))
        {
            error = Fail(message, problem, tag, type);
            return false;
        }

        var header = new FixHeader
        {
            SenderCompId = f.SenderCompId,
            TargetCompId = f.TargetCompId,
            MsgSeqNum = f.MsgSeqNum,
            SendingTime = f.SendingTime,
        };
        decoded = type switch
        {
            FixMsgType.Logon => new FixMessage(type, header, logon: new FixLogon { HeartBtIntSeconds = f.HeartBtInt }),
            FixMsgType.Heartbeat => new FixMessage(type, header, heartbeat: new FixHeartbeat { TestReqId = f.TestReqId }),
            FixMsgType.NewOrderSingle => new FixMessage(type, header, newOrderSingle: NewOrderSingle(f)),
            FixMsgType.ExecutionReport => new FixMessage(type, header, executionReport: ExecutionReport(f)),
            _ => new FixMessage(type, header, reject: Reject(f)),
        };
        error = default;
        return true;
    }

    private static bool TryCheck(FixMsgType type, in FixFieldSet f, out FixDecodeProblem problem, out int tag)
    {
        (problem, tag) = type switch
        {
            FixMsgType.NewOrderSingle when f.OrderQty <= 0 => (FixDecodeProblem.BadValue, FixTag.OrderQty),
            FixMsgType.NewOrderSingle when f.OrdType == FixOrdType.Limit && !f.Has(FixTag.Price) =>
                (FixDecodeProblem.MissingRequiredTag, FixTag.Price),
            FixMsgType.NewOrderSingle when f.Has(FixTag.Price) && f.Price.Units <= 0 => (FixDecodeProblem.BadValue, FixTag.Price),
            FixMsgType.ExecutionReport when f.Has(FixTag.Price) && f.Price.Units <= 0 => (FixDecodeProblem.BadValue, FixTag.Price),
            FixMsgType.ExecutionReport when f.Has(FixTag.LastPx) && f.LastPx.Units <= 0 => (FixDecodeProblem.BadValue, FixTag.LastPx),
            FixMsgType.ExecutionReport when f.AvgPx.Units < 0 => (FixDecodeProblem.BadValue, FixTag.AvgPx),
            FixMsgType.Reject when f.Has(FixTag.SessionRejectReason) && f.SessionRejectReason > 99 =>
                (FixDecodeProblem.BadValue, FixTag.SessionRejectReason),
            _ => ((FixDecodeProblem)(-1), 0),
        };
        return tag == 0;
    }

    private static FixNewOrderSingle NewOrderSingle(in FixFieldSet f) => new()
    {
        ClOrdId = f.ClOrdId,
        Account = f.Account,
        Symbol = f.Symbol,
        Side = f.Side,
        TransactTime = f.TransactTime,
        OrderQty = f.OrderQty,
        OrdType = f.OrdType,
        Price = f.Has(FixTag.Price) ? f.Price : null,
        TimeInForce = f.Has(FixTag.TimeInForce) ? f.TimeInForce : null,
    };

    private static FixExecutionReport ExecutionReport(in FixFieldSet f) => new()
    {
        OrderId = f.OrderId,
        ClOrdId = f.ClOrdId,
        ExecId = f.ExecId,
        ExecType = f.ExecType,
        OrdStatus = f.OrdStatus,
        Account = f.Account,
        Symbol = f.Symbol,
        Side = f.Side,
        OrderQty = f.Has(FixTag.OrderQty) ? f.OrderQty : null,
        Price = f.Has(FixTag.Price) ? f.Price : null,
        LastQty = f.Has(FixTag.LastQty) ? f.LastQty : null,
        LastPx = f.Has(FixTag.LastPx) ? f.LastPx : null,
        LeavesQty = f.LeavesQty,
        CumQty = f.CumQty,
        AvgPx = f.AvgPx,
        TransactTime = f.Has(FixTag.TransactTime) ? f.TransactTime : null,
    };

    private static FixReject Reject(in FixFieldSet f) => new()
    {
        RefSeqNum = f.RefSeqNum,
        RefTagId = f.Has(FixTag.RefTagId) ? f.RefTagId : null,
        RefMsgType = f.RefMsgType,
        SessionRejectReason = f.Has(FixTag.SessionRejectReason) ? (FixSessionRejectReason)f.SessionRejectReason : null,
        Text = f.Text,
    };
}
