namespace QkdNet.Services.Trading.Fix;

/// <summary>The codes each enumerated field accepts: one list, used by the encoder and the decoder alike.</summary>
internal static class FixCodes
{
    public static bool IsDefined(FixSide side) => side is FixSide.Buy or FixSide.Sell;

    public static bool IsDefined(FixOrdType type) => type is FixOrdType.Market or FixOrdType.Limit;

    public static bool IsDefined(FixTimeInForce timeInForce) =>
        timeInForce is FixTimeInForce.Day or FixTimeInForce.ImmediateOrCancel or FixTimeInForce.FillOrKill;

    public static bool IsDefined(FixExecType type) =>
        type is FixExecType.New or FixExecType.Canceled or FixExecType.Rejected or FixExecType.Trade;

    public static bool IsDefined(FixOrdStatus status) => status is FixOrdStatus.New or FixOrdStatus.PartiallyFilled
        or FixOrdStatus.Filled or FixOrdStatus.Canceled or FixOrdStatus.Rejected;
}
