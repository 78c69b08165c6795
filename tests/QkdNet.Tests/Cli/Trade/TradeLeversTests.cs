using QkdNet.Cli;
using QkdNet.Cli.Trade;

namespace QkdNet.Tests.Cli.Trade;

public sealed class TradeLeversTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] set) =>
        name => set.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void FromEnvironment_NothingSet_TurnsEveryLeverOn() =>
        Assert.Equal(TradeLevers.Default, TradeLevers.FromEnvironment(Environment()));

    [Fact]
    public void FromEnvironment_EachOffValue_TurnsItsLeverOffOnly()
    {
        Assert.Equal(new TradeLevers(false, true, true), TradeLevers.FromEnvironment(Environment((TradeLevers.ReceiveVariable, "async"))));
        Assert.Equal(new TradeLevers(true, false, true), TradeLevers.FromEnvironment(Environment((TradeLevers.SchedulingVariable, "normal"))));
        Assert.Equal(new TradeLevers(true, true, false), TradeLevers.FromEnvironment(Environment((TradeLevers.GcVariable, "Interactive"))));
    }

    [Fact]
    public void FromEnvironment_UnknownValue_IsAUsageErrorNamingTheVariable()
    {
        var error = Assert.Throws<UsageException>(() => TradeLevers.FromEnvironment(Environment((TradeLevers.SchedulingVariable, "rr"))));

        Assert.Equal("QKDNET_TRADE_SCHED: 'rr' is not fifo or normal.", error.Message);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("x")]
    [InlineData("4096")]
    public void FromEnvironment_CpuNotAProcessorNumber_IsAUsageError(string value) =>
        Assert.Throws<UsageException>(() => TradeLevers.FromEnvironment(Environment((TradeLevers.CpuVariable, value))));

    [Theory]
    [InlineData("-1")]
    [InlineData("2.5")]
    [InlineData("101")]
    public void FromEnvironment_SpinOutOfRange_IsAUsageErrorNamingTheVariable(string value)
    {
        var error = Assert.Throws<UsageException>(() => TradeLevers.FromEnvironment(Environment((TradeLevers.SpinVariable, value))));

        Assert.StartsWith("QKDNET_TRADE_SPIN_US: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_Spin_SetsThePacersSpinOnly()
    {
        Assert.Equal(2, TradeLevers.Default.PacerSpinMicroseconds);
        Assert.Equal(TradeLevers.Default with { PacerSpinMicroseconds = 40 }, TradeLevers.FromEnvironment(Environment((TradeLevers.SpinVariable, "40"))));
    }

    [Fact]
    public void FromEnvironment_CpuZero_BindsTheThreads()
    {
        TradeLevers levers = TradeLevers.FromEnvironment(Environment((TradeLevers.CpuVariable, "0"), (TradeLevers.SchedulingVariable, "normal")));

        Assert.Equal(0, levers.PinnedCpu);
        Assert.NotNull(levers.ThreadStarting);
    }

    [Fact]
    public void ThreadStarting_OnlyWithRealTimeScheduling()
    {
        Assert.NotNull(TradeLevers.Default.ThreadStarting);
        Assert.Null((TradeLevers.Default with { RealTime = false }).ThreadStarting);
    }

    [Fact]
    public void TryRaiseCurrentThread_CountsTheThreadAsRaisedOrRefused()
    {
        int before = ThreadScheduling.Raised + ThreadScheduling.Refused;
        bool raised = false;
        // a thread of its own, so the test host's threads keep their scheduling
        var thread = new Thread(() => raised = ThreadScheduling.TryRaiseCurrentThread());
        thread.Start();
        thread.Join();

        Assert.True(ThreadScheduling.Raised + ThreadScheduling.Refused >= before + 1);
        Assert.StartsWith(raised ? "fifo" : "normal", ThreadScheduling.Describe(), StringComparison.Ordinal);
    }
}
