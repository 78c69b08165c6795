using System.Text;
using QkdNet.Services.Trading.Fix;

namespace QkdNet.Tests.Services.Trading.Fix;

/// <summary>Messages shared by the FIX tests, and a framer that writes BodyLength and CheckSum around a hand-made body.</summary>
internal static class FixTestMessages
{
    public static readonly DateTime Time = new(2026, 12, 2, 9, 0, 1, 234, DateTimeKind.Utc);

    public static FixHeader Header(int seqNum = 7) => new()
    {
        SenderCompId = FixId.Create("INVESTOR").Value,
        TargetCompId = FixId.Create("BROKER").Value,
        MsgSeqNum = seqNum,
        SendingTime = Time,
    };

    public static FixNewOrderSingle Order() => new()
    {
        ClOrdId = FixId.Create("ORD-0000000042").Value,
        Account = FixId.Create("ACC-001234").Value,
        Symbol = FixId.Create("7203").Value,
        Side = FixSide.Buy,
        TransactTime = Time,
        OrderQty = 300,
        OrdType = FixOrdType.Limit,
        Price = new FixPrice(2_150_5000),
        TimeInForce = FixTimeInForce.Day,
    };

    public static FixExecutionReport Report() => new()
    {
        OrderId = FixId.Create("BRK-000000000099").Value,
        ClOrdId = FixId.Create("ORD-0000000042").Value,
        ExecId = FixId.Create("EXE-000000000123").Value,
        ExecType = FixExecType.Trade,
        OrdStatus = FixOrdStatus.PartiallyFilled,
        Account = FixId.Create("ACC-001234").Value,
        Symbol = FixId.Create("7203").Value,
        Side = FixSide.Buy,
        OrderQty = 300,
        Price = new FixPrice(2_150_5000),
        LastQty = 100,
        LastPx = FixPrice.FromWhole(2150),
        LeavesQty = 200,
        CumQty = 100,
        AvgPx = FixPrice.FromWhole(2150),
        TransactTime = Time,
    };

    public static byte[] Encode(in FixNewOrderSingle order, int seqNum = 7)
    {
        var buffer = new byte[FixEncoder.MaxMessageLength];
        Assert.True(FixEncoder.TryEncode(Header(seqNum), order, buffer, out int written));
        return buffer[..written];
    }

    public static byte[] Encode(in FixExecutionReport report)
    {
        var buffer = new byte[FixEncoder.MaxMessageLength];
        Assert.True(FixEncoder.TryEncode(Header(), report, buffer, out int written));
        return buffer[..written];
    }

    /// <summary>'|' stands for SOH. Wraps <paramref name="body"/> (from 35= on) with a correct BodyLength and CheckSum.</summary>
    public static byte[] Frame(string body)
    {
        byte[] bodyBytes = Encoding.ASCII.GetBytes(body.Replace('|', '\u0001'));
        byte[] head = Encoding.ASCII.GetBytes($"8=FIX.4.4\u00019={bodyBytes.Length}\u0001");
        byte[] framed = [.. head, .. bodyBytes];
        int sum = framed.Sum(b => (int)b) % 256;
        return [.. framed, .. Encoding.ASCII.GetBytes($"10={sum:000}\u0001")];
    }

    /// <summary>The header part of a hand-made body, after 35=.</summary>
    public const string HeaderFields = "49=INVESTOR|56=BROKER|34=7|52=20261202-09:00:01.234|";

    public static FixDecodeError DecodeError(byte[] message)
    {
        Assert.False(FixDecoder.TryDecode(message, out _, out FixDecodeError error));
        return error;
    }

    public static FixMessage Decode(byte[] message)
    {
        bool ok = FixDecoder.TryDecode(message, out FixMessage decoded, out FixDecodeError error);
        Assert.True(ok, ok ? null : error.Describe());
        return decoded;
    }
}
