using System.Text;
using QkdNet.Services.Trading.Fix;

namespace QkdNet.Tests.Services.Trading.Fix;

/// <summary>A message written by hand, byte for byte, so the codec is checked against FIX itself, not against itself.</summary>
public sealed class FixKnownBytesTests
{
    // BodyLength counts from "35=" to the SOH before "10=": 131 bytes.
    // CheckSum, each field's byte sum with its SOH (1):
    //   8=FIX.4.4 545, 9=131 268, 35=D 234, 49=INVESTOR 805, 56=BROKER 622, 34=12 264,
    //   52=20261202-00:30:00.000 1206, 11=C1 276, 1=ACC1 359, 55=7203 372, 54=2 217,
    //   60=20261202-00:30:00.000 1205, 38=200 315, 40=2 212, 44=2150.5 465
    //   total 7365 = 28 * 256 + 197, so 10=197.
    private const string HandWritten =
        "8=FIX.4.4|9=131|35=D|49=INVESTOR|56=BROKER|34=12|52=20261202-00:30:00.000|11=C1|1=ACC1|55=7203|54=2|"
        + "60=20261202-00:30:00.000|38=200|40=2|44=2150.5|10=197|";

    private static byte[] Bytes => Encoding.ASCII.GetBytes(HandWritten.Replace('|', '\u0001'));

    private static readonly DateTime HalfPastMidnight = new(2026, 12, 2, 0, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void Decode_HandWrittenNewOrderSingle_GivesTheFieldsWritten()
    {
        FixMessage message = FixTestMessages.Decode(Bytes);

        Assert.Equal(FixMsgType.NewOrderSingle, message.MsgType);
        Assert.Equal("INVESTOR", message.Header.SenderCompId.ToString());
        Assert.Equal("BROKER", message.Header.TargetCompId.ToString());
        Assert.Equal(12, message.Header.MsgSeqNum);
        Assert.Equal(HalfPastMidnight, message.Header.SendingTime);
        FixNewOrderSingle order = message.NewOrderSingle;
        Assert.Equal("C1", order.ClOrdId.ToString());
        Assert.Equal("ACC1", order.Account.ToString());
        Assert.Equal("7203", order.Symbol.ToString());
        Assert.Equal(FixSide.Sell, order.Side);
        Assert.Equal(HalfPastMidnight, order.TransactTime);
        Assert.Equal(200, order.OrderQty);
        Assert.Equal(FixOrdType.Limit, order.OrdType);
        Assert.Equal(new FixPrice(21_505_000), order.Price);
        Assert.Null(order.TimeInForce);
    }

    [Fact]
    public void Encode_SameFields_WritesTheHandWrittenBytes()
    {
        var header = new FixHeader
        {
            SenderCompId = FixId.Create("INVESTOR").Value,
            TargetCompId = FixId.Create("BROKER").Value,
            MsgSeqNum = 12,
            SendingTime = HalfPastMidnight,
        };
        var order = new FixNewOrderSingle
        {
            ClOrdId = FixId.Create("C1").Value,
            Account = FixId.Create("ACC1").Value,
            Symbol = FixId.Create("7203").Value,
            Side = FixSide.Sell,
            TransactTime = HalfPastMidnight,
            OrderQty = 200,
            OrdType = FixOrdType.Limit,
            Price = new FixPrice(21_505_000),
        };
        var buffer = new byte[256];

        Assert.True(FixEncoder.TryEncode(header, order, buffer, out int written));
        Assert.Equal(HandWritten, Encoding.ASCII.GetString(buffer, 0, written).Replace('\u0001', '|'));
    }
}
