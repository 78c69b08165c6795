namespace QkdNet.Services.Trading.Fix;

/// <summary>ExecutionReport (35=8). Quantities are whole shares.</summary>
public readonly record struct FixExecutionReport : IFixBody
{
    /// <summary>OrderID (37), the broker's.</summary>
    public required FixId OrderId { get; init; }

    /// <summary>ClOrdID (11) of the order reported on, optional.</summary>
    public FixId ClOrdId { get; init; }

    /// <summary>ExecID (17).</summary>
    public required FixId ExecId { get; init; }

    /// <summary>ExecType (150).</summary>
    public required FixExecType ExecType { get; init; }

    /// <summary>OrdStatus (39).</summary>
    public required FixOrdStatus OrdStatus { get; init; }

    /// <summary>Account (1), optional.</summary>
    public FixId Account { get; init; }

    /// <summary>Symbol (55).</summary>
    public required FixId Symbol { get; init; }

    /// <summary>Side (54).</summary>
    public required FixSide Side { get; init; }

    /// <summary>OrderQty (38), optional.</summary>
    public long? OrderQty { get; init; }

    /// <summary>Price (44), optional.</summary>
    public FixPrice? Price { get; init; }

    /// <summary>LastQty (32), shares of this fill, optional.</summary>
    public long? LastQty { get; init; }

    /// <summary>LastPx (31), price of this fill, optional.</summary>
    public FixPrice? LastPx { get; init; }

    /// <summary>LeavesQty (151).</summary>
    public required long LeavesQty { get; init; }

    /// <summary>CumQty (14).</summary>
    public required long CumQty { get; init; }

    /// <summary>AvgPx (6).</summary>
    public required FixPrice AvgPx { get; init; }

    /// <summary>TransactTime (60), UTC, optional.</summary>
    public DateTime? TransactTime { get; init; }

    static FixMsgType IFixBody.MsgType => FixMsgType.ExecutionReport;

    void IFixBody.WriteBody(ref FixWriter writer)
    {
        writer.Require(!OrderId.IsEmpty && !ExecId.IsEmpty && !Symbol.IsEmpty
            && FixCodes.IsDefined(ExecType) && FixCodes.IsDefined(OrdStatus) && FixCodes.IsDefined(Side)
            && LeavesQty >= 0 && CumQty >= 0 && AvgPx.Units >= 0 && OrderQty is not < 0 && LastQty is not < 0
            && Price is not { Units: <= 0 } && LastPx is not { Units: <= 0 });
        writer.Field(FixTag.OrderId, OrderId);
        writer.Field(FixTag.ClOrdId, ClOrdId);
        writer.Field(FixTag.ExecId, ExecId);
        writer.Field(FixTag.ExecType, (byte)ExecType);
        writer.Field(FixTag.OrdStatus, (byte)OrdStatus);
        writer.Field(FixTag.Account, Account);
        writer.Field(FixTag.Symbol, Symbol);
        writer.Field(FixTag.Side, (byte)Side);
        if (OrderQty is { } orderQty)
        {
            writer.Field(FixTag.OrderQty, orderQty);
        }

        if (Price is { } price)
        {
            writer.Field(FixTag.Price, price);
        }

        if (LastQty is { } lastQty)
        {
            writer.Field(FixTag.LastQty, lastQty);
        }

        if (LastPx is { } lastPx)
        {
            writer.Field(FixTag.LastPx, lastPx);
        }

        writer.Field(FixTag.LeavesQty, LeavesQty);
        writer.Field(FixTag.CumQty, CumQty);
        writer.Field(FixTag.AvgPx, AvgPx);
        if (TransactTime is { } transactTime)
        {
            writer.Field(FixTag.TransactTime, transactTime);
        }
    }
}
