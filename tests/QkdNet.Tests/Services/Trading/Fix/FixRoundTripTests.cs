using System.Buffers;
using QkdNet.Services.Trading.Fix;

namespace QkdNet.Tests.Services.Trading.Fix;

public sealed class FixRoundTripTests
{
    [Fact]
    public void NewOrderSingle_EncodeThenDecode_GivesBackEveryField()
    {
        FixMessage decoded = FixTestMessages.Decode(FixTestMessages.Encode(FixTestMessages.Order()));

        Assert.Equal(FixMsgType.NewOrderSingle, decoded.MsgType);
        Assert.Equal(FixTestMessages.Header(), decoded.Header);
        Assert.Equal(FixTestMessages.Order(), decoded.NewOrderSingle);
    }

    [Fact]
    public void NewOrderSingle_MarketWithoutOptionalFields_RoundTrips()
    {
        FixNewOrderSingle order = FixTestMessages.Order() with
        {
            OrdType = FixOrdType.Market, Price = null, TimeInForce = null, Account = default, Side = FixSide.Sell,
        };

        Assert.Equal(order, FixTestMessages.Decode(FixTestMessages.Encode(order)).NewOrderSingle);
    }

    [Fact]
    public void ExecutionReport_EncodeThenDecode_GivesBackEveryField()
    {
        FixMessage decoded = FixTestMessages.Decode(FixTestMessages.Encode(FixTestMessages.Report()));

        Assert.Equal(FixMsgType.ExecutionReport, decoded.MsgType);
        Assert.Equal(FixTestMessages.Report(), decoded.ExecutionReport);
    }

    [Fact]
    public void ExecutionReport_OnlyRequiredFields_RoundTrips()
    {
        FixExecutionReport report = FixTestMessages.Report() with
        {
            ClOrdId = default, Account = default, OrderQty = null, Price = null, LastQty = null, LastPx = null,
            TransactTime = null, ExecType = FixExecType.New, OrdStatus = FixOrdStatus.New, AvgPx = default,
        };

        Assert.Equal(report, FixTestMessages.Decode(FixTestMessages.Encode(report)).ExecutionReport);
    }

    [Fact]
    public void Logon_EncodeThenDecode_GivesBackHeartBtInt()
    {
        var buffer = new byte[256];
        Assert.True(FixEncoder.TryEncode(FixTestMessages.Header(1), new FixLogon { HeartBtIntSeconds = 30 }, buffer, out int written));

        FixMessage decoded = FixTestMessages.Decode(buffer[..written]);

        Assert.Equal(FixMsgType.Logon, decoded.MsgType);
        Assert.Equal(30, decoded.Logon.HeartBtIntSeconds);
        Assert.Equal(1, decoded.Header.MsgSeqNum);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("TEST-1")]
    public void Heartbeat_EncodeThenDecode_GivesBackTestReqId(string? testReqId)
    {
        var heartbeat = new FixHeartbeat { TestReqId = testReqId is null ? default : FixId.Create(testReqId).Value };
        var buffer = new byte[256];
        Assert.True(FixEncoder.TryEncode(FixTestMessages.Header(), heartbeat, buffer, out int written));

        FixMessage decoded = FixTestMessages.Decode(buffer[..written]);

        Assert.Equal(FixMsgType.Heartbeat, decoded.MsgType);
        Assert.Equal(heartbeat, decoded.Heartbeat);
    }

    [Fact]
    public void Reject_BuiltFromDecodeError_RoundTripsWithReasonAndText()
    {
        byte[] bad = FixTestMessages.Frame("35=D|" + FixTestMessages.HeaderFields + "11=A|55=7203|54=9|60=20261202-09:00:01|38=100|40=1|");
        FixReject reject = FixReject.For(FixTestMessages.DecodeError(bad));
        var buffer = new byte[FixEncoder.MaxMessageLength];
        Assert.True(FixEncoder.TryEncode(FixTestMessages.Header(8), reject, buffer, out int written));

        FixReject decoded = FixTestMessages.Decode(buffer[..written]).Reject;

        Assert.Equal(reject, decoded);
        Assert.Equal(7, decoded.RefSeqNum);
        Assert.Equal(54, decoded.RefTagId);
        Assert.Equal("D", decoded.RefMsgType.ToString());
        Assert.Equal(FixSessionRejectReason.ValueIsIncorrect, decoded.SessionRejectReason);
        Assert.Equal("Side (54) has a value out of range", decoded.Text.ToString());
    }

    [Fact]
    public void Encode_IntoBufferWriter_WritesTheSameBytesAsIntoASpan()
    {
        var output = new ArrayBufferWriter<byte>();

        int written = FixEncoder.Encode(FixTestMessages.Header(), FixTestMessages.Order(), output);

        Assert.Equal(FixTestMessages.Encode(FixTestMessages.Order()), output.WrittenSpan.ToArray());
        Assert.Equal(written, output.WrittenCount);
    }

    [Fact]
    public void TryEncode_DestinationTooSmall_ReturnsFalse()
    {
        int needed = FixTestMessages.Encode(FixTestMessages.Order()).Length;

        Assert.False(FixEncoder.TryEncode(FixTestMessages.Header(), FixTestMessages.Order(), new byte[needed - 1], out _));
        Assert.True(FixEncoder.TryEncode(FixTestMessages.Header(), FixTestMessages.Order(), new byte[needed], out int written));
        Assert.Equal(needed, written);
    }

    [Fact]
    public void Encode_OrderOfTypicalSize_IsAbout200Bytes()
    {
        int length = FixTestMessages.Encode(FixTestMessages.Order()).Length;

        Assert.InRange(length, 150, 250);
    }

    [Fact]
    public void TryEncode_RequiredIdentifierUnset_ReturnsFalseRatherThanAMessageThePeerRejects()
    {
        Assert.False(FixEncoder.TryEncode(FixTestMessages.Header(), FixTestMessages.Order() with { Symbol = default }, new byte[1024], out _));
        Assert.False(FixEncoder.TryEncode(FixTestMessages.Header() with { SenderCompId = default }, FixTestMessages.Order(), new byte[1024], out _));
        Assert.False(FixEncoder.TryEncode(FixTestMessages.Header(), FixTestMessages.Report() with { ExecId = default }, new byte[1024], out _));
    }

    [Fact]
    public void TryEncode_UndefinedCode_ReturnsFalse()
    {
        Assert.False(FixEncoder.TryEncode(FixTestMessages.Header(), FixTestMessages.Order() with { Side = default }, new byte[1024], out _));
        Assert.False(FixEncoder.TryEncode(FixTestMessages.Header(), FixTestMessages.Report() with { OrdStatus = (FixOrdStatus)1 }, new byte[1024], out _));
    }

    [Fact]
    public void TryEncode_LimitOrderWithoutPrice_ReturnsFalse()
    {
        Assert.False(FixEncoder.TryEncode(FixTestMessages.Header(), FixTestMessages.Order() with { Price = null }, new byte[1024], out _));
    }

    [Fact]
    public void TryEncode_ShortMessageIntoExactlyItsLength_Succeeds()
    {
        var heartbeat = new FixHeartbeat();
        var roomy = new byte[256];
        Assert.True(FixEncoder.TryEncode(FixTestMessages.Header(), heartbeat, roomy, out int needed));
        Assert.InRange(needed, 60, 99);

        var exact = new byte[needed];
        Assert.True(FixEncoder.TryEncode(FixTestMessages.Header(), heartbeat, exact, out int written));
        Assert.Equal(roomy[..needed], exact);
        Assert.Equal(needed, written);
        Assert.False(FixEncoder.TryEncode(FixTestMessages.Header(), heartbeat, new byte[needed - 1], out _));
    }
}
