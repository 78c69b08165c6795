using QkdNet.Cli.Trade;

namespace QkdNet.Tests.Cli.Trade;

public sealed class TradeKeyPlanTests
{
    [Fact]
    public void MessagesPerKey_CountsTheTagKeyAndNeverSplitsAMessageAcrossKeys()
    {
        // 8192-bit key = 1024 bytes; a 200-byte message uses 216 bytes of pad: 4 fit, 160 bytes are wasted
        var plan = new TradeKeyPlan(Messages: 1000, LongestMessageBytes: 200, KeySizeBits: 8192);

        Assert.Equal(4, plan.MessagesPerKey);
        Assert.Equal((250 * 11 / 10) + TradeKeyPlan.SpareKeys, plan.Keys);
        Assert.Equal(plan.Keys * 8192L, plan.Bits);
    }

    [Fact]
    public void MessagesPerKey_MessageLongerThanAKey_IsStillOnePerKey()
    {
        Assert.Equal(1, new TradeKeyPlan(10, 2000, 256).MessagesPerKey);
    }
}
