using System.Text;
using QkdNet.Services.Trading.Fix;
using QkdNet.Services.Trading.Session;

namespace QkdNet.Tests.Services.Trading.Session;

public sealed class BrokerDeskTests
{
    private static readonly DateTime Now = new(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc);
    private readonly BrokerDesk _desk = new(FixId.Create("BROKER").Value, FixId.Create("INVESTOR").Value);

    [Fact]
    public void Order_IsFilledWholeAtItsLimit_AndTheReportNamesTheOrder()
    {
        byte[] reply = new byte[FixEncoder.MaxMessageLength];

        int length = _desk.Answer(Order("ORD-000000000042"), reply);

        Assert.True(FixDecoder.TryDecode(reply.AsSpan(0, length), out FixMessage decoded, out _));
        FixExecutionReport report = decoded.ExecutionReport;
        Assert.Equal(FixOrdStatus.Filled, report.OrdStatus);
        Assert.Equal(300, report.CumQty);
        Assert.Equal(FixPrice.FromWhole(2500), report.AvgPx);
        Assert.True(OrderNumbers.TryReadReport(reply.AsSpan(0, length), out long number));
        Assert.Equal(42, number);
    }

    [Fact]
    public void Garbled_GetsARejectWithItsReason_NotACrash()
    {
        byte[] reply = new byte[FixEncoder.MaxMessageLength];

        int length = _desk.Answer(Encoding.ASCII.GetBytes("8=FIX.4.4\u00019=5\u000135=D\u000110=000\u0001"), reply);

        Assert.True(FixDecoder.TryDecode(reply.AsSpan(0, length), out FixMessage decoded, out _));
        Assert.Equal(FixMsgType.Reject, decoded.MsgType);
        Assert.Equal(1, _desk.Rejected);
    }

    private static byte[] Order(string clOrdId)
    {
        var header = new FixHeader { SenderCompId = FixId.Create("INVESTOR").Value, TargetCompId = FixId.Create("BROKER").Value, MsgSeqNum = 1, SendingTime = Now };
        var order = new FixNewOrderSingle
        {
            ClOrdId = FixId.Create(clOrdId).Value,
            Symbol = FixId.Create("7203").Value,
            Side = FixSide.Buy,
            TransactTime = Now,
            OrderQty = 300,
            OrdType = FixOrdType.Limit,
            Price = FixPrice.FromWhole(2500),
        };
        byte[] buffer = new byte[FixEncoder.MaxMessageLength];
        Assert.True(FixEncoder.TryEncode(header, order, buffer, out int written));
        return buffer.AsSpan(0, written).ToArray();
    }
}
