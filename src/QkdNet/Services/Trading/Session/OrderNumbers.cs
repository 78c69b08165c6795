using System.Buffers.Text;
using QkdNet.Services.Trading.Fix;

namespace QkdNet.Services.Trading.Session;

/// <summary>
/// The order number inside a ClOrdID of the form the pseudo-data generator writes ("ORD-" and 12 digits, see
/// <see cref="PseudoData.PseudoOrderFix"/>), so an execution report finds its order without a lookup table.
/// </summary>
public static class OrderNumbers
{
    /// <summary>The number of <paramref name="clOrdId"/>; false when it is not of that form.</summary>
    public static bool TryRead(in FixId clOrdId, out long number)
    {
        ReadOnlySpan<byte> text = clOrdId.Bytes;
        number = 0;
        return text.StartsWith("ORD-"u8)
            && Utf8Parser.TryParse(text[4..], out number, out int consumed)
            && consumed == text.Length - 4
            && number >= 0;
    }

    /// <summary>The order number of the ExecutionReport in <paramref name="message"/>; false when it is not one, or names no such order.</summary>
    public static bool TryReadReport(ReadOnlySpan<byte> message, out long number)
    {
        number = 0;
        return FixDecoder.TryDecode(message, out FixMessage decoded, out _)
            && decoded.MsgType == FixMsgType.ExecutionReport
            && TryRead(decoded.ExecutionReport.ClOrdId, out number);
    }
}
