using System.Globalization;
using QkdNet.Services.Trading.Fix;

namespace QkdNet.Services.PseudoData;

/// <summary>Generated orders as FIX NewOrderSingle bodies, formatted without allocating.</summary>
public static class PseudoOrderFix
{
    /// <summary>
    /// A limit, day order: ClOrdID "ORD-" and the sequence (12 digits), Account "ACC-" and the id (6 digits),
    /// Symbol the four-digit code, Price the limit in whole yen.
    /// </summary>
    public static FixNewOrderSingle ToNewOrderSingle(this in PseudoOrder order, DateTime transactTimeUtc)
    {
        Span<byte> text = stackalloc byte[FixId.Capacity];
        return new FixNewOrderSingle
        {
            ClOrdId = Id(text, "ORD-"u8, order.Sequence, "D12"),
            Account = Id(text, "ACC-"u8, order.AccountId, "D6"),
            Symbol = Id(text, default, order.SymbolCode, "D4"),
            Side = order.Side == TradeSide.Buy ? FixSide.Buy : FixSide.Sell,
            TransactTime = transactTimeUtc,
            OrderQty = order.Quantity,
            OrdType = FixOrdType.Limit,
            Price = FixPrice.FromWhole(order.LimitPriceYen),
            TimeInForce = FixTimeInForce.Day,
        };
    }

    private static FixId Id(Span<byte> text, ReadOnlySpan<byte> prefix, long number, string format)
    {
        prefix.CopyTo(text);
        number.TryFormat(text[prefix.Length..], out int digits, format, CultureInfo.InvariantCulture);
        FixId.TryCreate(text[..(prefix.Length + digits)], out FixId id);
        return id;
    }
}
