namespace QkdNet.Services.Trading.Fix;

/// <summary>Field values: each parsed to its type once, here, so the message types never see raw bytes.</summary>
public static partial class FixDecoder
{
    private static FixDecodeProblem? Read(ref FixFieldSet f, int tag, ReadOnlySpan<byte> value) => tag switch
    {
        FixTag.SenderCompId => Id(value, out f.SenderCompId),
        FixTag.TargetCompId => Id(value, out f.TargetCompId),
        FixTag.MsgSeqNum => Positive(value, out f.MsgSeqNum),
        FixTag.SendingTime => Time(value, out f.SendingTime),
        FixTag.EncryptMethod => value.SequenceEqual("0"u8) ? null : FixDecodeProblem.BadValue,
        FixTag.HeartBtInt => Int(value, out f.HeartBtInt),
        FixTag.TestReqId => Id(value, out f.TestReqId),
        FixTag.ClOrdId => Id(value, out f.ClOrdId),
        FixTag.Account => Id(value, out f.Account),
        FixTag.Symbol => Id(value, out f.Symbol),
        FixTag.Side => Code(value, out f.Side, FixCodes.IsDefined),
        FixTag.OrderQty => Quantity(value, out f.OrderQty),
        FixTag.OrdType => Code(value, out f.OrdType, FixCodes.IsDefined),
        FixTag.Price => Price(value, out f.Price),
        FixTag.TimeInForce => Code(value, out f.TimeInForce, FixCodes.IsDefined),
        FixTag.TransactTime => Time(value, out f.TransactTime),
        FixTag.OrderId => Id(value, out f.OrderId),
        FixTag.ExecId => Id(value, out f.ExecId),
        FixTag.ExecType => Code(value, out f.ExecType, FixCodes.IsDefined),
        FixTag.OrdStatus => Code(value, out f.OrdStatus, FixCodes.IsDefined),
        FixTag.LastQty => Quantity(value, out f.LastQty),
        FixTag.LastPx => Price(value, out f.LastPx),
        FixTag.LeavesQty => Quantity(value, out f.LeavesQty),
        FixTag.CumQty => Quantity(value, out f.CumQty),
        FixTag.AvgPx => Price(value, out f.AvgPx),
        FixTag.RefSeqNum => Int(value, out f.RefSeqNum),
        FixTag.RefTagId => Positive(value, out f.RefTagId),
        FixTag.RefMsgType => Id(value, out f.RefMsgType),
        FixTag.SessionRejectReason => Int(value, out f.SessionRejectReason),
        FixTag.Text => FixText.TryCreate(value, out f.Text) ? null
            : value.Length > FixText.Capacity ? FixDecodeProblem.BadValue : FixDecodeProblem.BadFormat,
        _ => null,
    };

    private static FixDecodeProblem? Id(ReadOnlySpan<byte> value, out FixId id) =>
        FixId.TryCreate(value, out id) ? null
        : value.Length > FixId.Capacity ? FixDecodeProblem.BadValue : FixDecodeProblem.BadFormat;

    private static FixDecodeProblem? Int(ReadOnlySpan<byte> value, out int number) =>
        TryInt(value, out number) ? null : FixDecodeProblem.BadFormat;

    private static FixDecodeProblem? Positive(ReadOnlySpan<byte> value, out int number) =>
        !TryInt(value, out number) ? FixDecodeProblem.BadFormat : number == 0 ? FixDecodeProblem.BadValue : null;

    private static FixDecodeProblem? Time(ReadOnlySpan<byte> value, out DateTime utc) =>
        FixTimestamp.TryParse(value, out utc) ? null : FixDecodeProblem.BadFormat;

    private static FixDecodeProblem? Price(ReadOnlySpan<byte> value, out FixPrice price) =>
        FixPrice.TryParse(value, out price) ? null : FixDecodeProblem.BadFormat;

    /// <summary>Whole shares: up to 15 digits, no sign, no decimals.</summary>
    private static FixDecodeProblem? Quantity(ReadOnlySpan<byte> value, out long quantity)
    {
        quantity = 0;
        if (value.Length > 15)
        {
            return FixDecodeProblem.BadValue;
        }

        foreach (byte b in value)
        {
            uint d = (uint)(b - '0');
            if (d > 9)
            {
                return FixDecodeProblem.BadFormat;
            }

            quantity = (quantity * 10) + d;
        }

        return null;
    }

    private static FixDecodeProblem? Code<T>(ReadOnlySpan<byte> value, out T code, Func<T, bool> isDefined)
        where T : struct, Enum
    {
        byte b = value.Length == 1 ? value[0] : (byte)0;
        code = System.Runtime.CompilerServices.Unsafe.As<byte, T>(ref b);
        return value.Length == 1 && isDefined(code) ? null : FixDecodeProblem.BadValue;
    }

    /// <summary>A non-negative int of at most 9 digits, no sign.</summary>
    private static bool TryInt(ReadOnlySpan<byte> text, out int number)
    {
        number = 0;
        if (text.IsEmpty || text.Length > 9)
        {
            return false;
        }

        foreach (byte b in text)
        {
            uint d = (uint)(b - '0');
            if (d > 9)
            {
                return false;
            }

            number = (number * 10) + (int)d;
        }

        return true;
    }
}
