using QkdNet.Cli.Trade;

namespace QkdNet.Tests.Cli.Trade;

public sealed class TradeRuntimeTuningTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] set) =>
        name => set.FirstOrDefault(v => v.Name == name).Value;

    [Theory]
    [InlineData("trade")]
    [InlineData("trade", "broker")]
    public void Plan_TradeCommandWithNothingSet_TurnsOnInlineCompletionsAndStopsThePoolSpinning(params string[] args)
    {
        TradeTuningPlan plan = TradeRuntimeTuning.Plan(args, Environment(), spinLimitConfigured: false);

        Assert.Equal(new TradeTuningPlan(SetInlineCompletions: true, SetSpinLimit: true), plan);
    }

    [Theory]
    [InlineData("node", "--config", "a.json")]
    [InlineData("demo")]
    public void Plan_OtherCommands_ChangeNothing(params string[] args) =>
        Assert.Equal(new TradeTuningPlan(false, false), TradeRuntimeTuning.Plan(args, Environment(), spinLimitConfigured: false));

    [Fact]
    public void Plan_NoArguments_ChangesNothing() =>
        Assert.Equal(new TradeTuningPlan(false, false), TradeRuntimeTuning.Plan([], Environment(), spinLimitConfigured: false));

    [Fact]
    public void Plan_OffSwitch_LeavesTheRuntimeDefaults() =>
        Assert.Equal(new TradeTuningPlan(false, false), TradeRuntimeTuning.Plan(["trade"], Environment(("QKDNET_TRADE_TUNING", "off")), spinLimitConfigured: false));

    [Fact]
    public void Plan_SettingsTheUserMade_AreKept()
    {
        Func<string, string?> user = Environment((TradeRuntimeTuning.InlineCompletions, "0"), ("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", "70"));

        Assert.Equal(new TradeTuningPlan(false, false), TradeRuntimeTuning.Plan(["trade"], user, spinLimitConfigured: false));
        Assert.False(TradeRuntimeTuning.Plan(["trade"], Environment(), spinLimitConfigured: true).SetSpinLimit);
    }

    [Fact]
    public void ForChildren_WhenThisProcessWasNotTuned_ChangesNothing() =>
        // the test host never runs Apply for a trade command
        Assert.Empty(TradeRuntimeTuning.ForChildren());
}
