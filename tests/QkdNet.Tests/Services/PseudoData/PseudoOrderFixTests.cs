using QkdNet.Services.PseudoData;
using QkdNet.Services.Trading.Fix;

namespace QkdNet.Tests.Services.PseudoData;

public sealed class PseudoOrderFixTests
{
    [Fact]
    public void ToNewOrderSingle_GeneratedOrder_CarriesItsFieldsThroughTheCodec()
    {
        var order = new PseudoOrder(42, 17, 7203, TradeSide.Sell, 300, 2155);
        var time = new DateTime(2026, 12, 2, 0, 0, 0, DateTimeKind.Utc);
        var header = new FixHeader
        {
            SenderCompId = FixId.Create("INVESTOR").Value,
            TargetCompId = FixId.Create("BROKER").Value,
            MsgSeqNum = 1,
            SendingTime = time,
        };
        var buffer = new byte[FixEncoder.MaxMessageLength];

        Assert.True(FixEncoder.TryEncode(header, order.ToNewOrderSingle(time), buffer, out int written));
        Assert.True(FixDecoder.TryDecode(buffer.AsSpan(0, written), out FixMessage message, out _));
        FixNewOrderSingle fix = message.NewOrderSingle;
        Assert.Equal("ORD-000000000042", fix.ClOrdId.ToString());
        Assert.Equal("ACC-000017", fix.Account.ToString());
        Assert.Equal("7203", fix.Symbol.ToString());
        Assert.Equal(FixSide.Sell, fix.Side);
        Assert.Equal(300, fix.OrderQty);
        Assert.Equal(FixPrice.FromWhole(2155), fix.Price);
        Assert.Equal(FixOrdType.Limit, fix.OrdType);
    }

    [Fact]
    public void ToNewOrderSingle_TenThousandGeneratedOrders_AllRoundTripThroughTheCodec()
    {
        var time = new DateTime(2026, 12, 2, 0, 0, 0, DateTimeKind.Utc);
        var header = new FixHeader
        {
            SenderCompId = FixId.Create("INVESTOR").Value,
            TargetCompId = FixId.Create("BROKER").Value,
            MsgSeqNum = 1,
            SendingTime = time,
        };
        var buffer = new byte[FixEncoder.MaxMessageLength];
        foreach (PseudoOrder order in new PseudoDataGenerator(seed: 99).Orders(10_000))
        {
            FixNewOrderSingle fix = order.ToNewOrderSingle(time);
            Assert.True(FixEncoder.TryEncode(header, fix, buffer, out int written));
            Assert.True(FixDecoder.TryDecode(buffer.AsSpan(0, written), out FixMessage message, out _));
            Assert.Equal(fix, message.NewOrderSingle);
        }
    }
}
