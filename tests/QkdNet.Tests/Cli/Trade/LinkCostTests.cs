using QkdNet.Cli.Trade;

namespace QkdNet.Tests.Cli.Trade;

public sealed class LinkCostTests
{
    [Fact]
    public void Since_DividesTheCpuSwitchesAndNeighboursCpuByTheOrders()
    {
        var before = new CostSample(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), 1_000, 1, 0, 0, TimeSpan.Zero, Voluntary: 100, Involuntary: 10, Neighbours: TimeSpan.FromSeconds(5), JitMethods: 900, Jit: TimeSpan.FromMilliseconds(400));
        var after = new CostSample(TimeSpan.FromSeconds(1.3), TimeSpan.FromSeconds(2.1), 401_000, 3, 1, 0, TimeSpan.FromMilliseconds(2.5), Voluntary: 20_100, Involuntary: 1_010, Neighbours: TimeSpan.FromSeconds(5.02), JitMethods: 912, Jit: TimeSpan.FromMilliseconds(437.5));

        LinkCost cost = after.Since(before, orders: 10_000);

        Assert.Equal(30, cost.CpuUserUsPerOrder);
        Assert.Equal(10, cost.CpuSystemUsPerOrder);
        Assert.Equal(40, cost.AllocatedBytesPerOrder);
        Assert.Equal((2, 1, 0), (cost.Gen0, cost.Gen1, cost.Gen2));
        Assert.Equal(2.5, cost.PauseMs);
        Assert.Equal(2, cost.VoluntarySwitchesPerOrder);
        Assert.Equal(0.1, cost.InvoluntarySwitchesPerOrder);
        Assert.Equal(2, cost.KmeCpuUsPerOrder);
        Assert.Equal(12, cost.JitMethods);
        Assert.Equal(37.5, cost.JitMs);
    }

    [Fact]
    public void Since_WithoutSwitchCountsOrNeighbours_LeavesThoseFieldsOut()
    {
        var before = new CostSample(TimeSpan.Zero, TimeSpan.Zero, 0, 0, 0, 0, TimeSpan.Zero);
        var after = new CostSample(TimeSpan.FromSeconds(1), TimeSpan.Zero, 0, 0, 0, 0, TimeSpan.Zero);

        LinkCost cost = after.Since(before, orders: 1_000);

        Assert.Equal(1_000, cost.CpuUserUsPerOrder);
        Assert.Null(cost.VoluntarySwitchesPerOrder);
        Assert.Null(cost.InvoluntarySwitchesPerOrder);
        Assert.Null(cost.KmeCpuUsPerOrder);
    }

    [Fact]
    public void ContextSwitches_OnLinux_CountASleepAsAVoluntarySwitch()
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            Assert.Equal((-1L, -1L), ContextSwitches.OfThisProcess());
            return;
        }

        (long voluntary, long involuntary) = ContextSwitches.OfThisProcess();
        Thread.Sleep(5); // blocks this thread: at least one voluntary switch (and the process's counts never go down)
        (long voluntaryAfter, long involuntaryAfter) = ContextSwitches.OfThisProcess();

        Assert.True(voluntary >= 0 && involuntary >= 0);
        Assert.True(voluntaryAfter > voluntary, $"{voluntary} then {voluntaryAfter}");
        Assert.True(involuntaryAfter >= involuntary);
    }
}
