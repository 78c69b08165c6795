namespace QkdNet.Services.Trading.Fix;

/// <summary>NewOrderSingle (35=D). Quantities are whole shares; <see cref="Price"/> is required for a limit order.</summary>
public readonly record struct FixNewOrderSingle : IFixBody
{
    /// <summary>ClOrdID (11).</summary>
    public required FixId ClOrdId { get; init; }

    /// <summary>Account (1), optional.</summary>
    public FixId Account { get; init; }

    /// <summary>Symbol (55), e.g. a TSE code such as 7203.</summary>
    public required FixId Symbol { get; init; }

    /// <summary>Side (54).</summary>
    public required FixSide Side { get; init; }

    /// <summary>TransactTime (60), UTC, to the millisecond.</summary>
    public required DateTime TransactTime { get; init; }

    /// <summary>OrderQty (38), shares, positive.</summary>
    public required long OrderQty { get; init; }

    /// <summary>OrdType (40).</summary>
    public required FixOrdType OrdType { get; init; }

    /// <summary>Price (44): the limit price, positive; null for a market order.</summary>
    public FixPrice? Price { get; init; }

    /// <summary>TimeInForce (59); null leaves it off the wire, which FIX reads as Day.</summary>
    public FixTimeInForce? TimeInForce { get; init; }

    static FixMsgType IFixBody.MsgType => FixMsgType.NewOrderSingle;

    void IFixBody.WriteBody(ref FixWriter writer)
    {
        writer.Require(!ClOrdId.IsEmpty && !Symbol.IsEmpty && OrderQty > 0
            && FixCodes.IsDefined(Side) && FixCodes.IsDefined(OrdType)
            && (TimeInForce is not { } tif || FixCodes.IsDefined(tif))
            && (Price is not { } limit ? OrdType != FixOrdType.Limit : limit.Units > 0));
        writer.Field(FixTag.ClOrdId, ClOrdId);
        writer.Field(FixTag.Account, Account);
        writer.Field(FixTag.Symbol, Symbol);
        writer.Field(FixTag.Side, (byte)Side);
        writer.Field(FixTag.TransactTime, TransactTime);
        writer.Field(FixTag.OrderQty, OrderQty);
        writer.Field(FixTag.OrdType, (byte)OrdType);
        if (Price is { } price)
        {
            writer.Field(FixTag.Price, price);
        }

        if (TimeInForce is { } timeInForce)
        {
            writer.Field(FixTag.TimeInForce, (byte)timeInForce);
        }
    }
}
