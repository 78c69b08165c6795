using QkdNet.Control.Health;
using QkdNet.Control.Routing;
using QkdNet.KeyManagement;
using QkdNet.Quantum;
using QkdNet.Tests.Control.Support;
using QkdNet.Tests.KeyManagement.Support;

namespace QkdNet.Tests.Control.Health;

public sealed class LinkHealthMonitorTests
{
    private static readonly LinkId Link = LinkId.Create("otemachi-hakusan"); // threshold 0.08 in the file
    private readonly FakeTimeProvider _clock = new();

    private LinkHealthMonitor NewMonitor() => new(ExampleTopologies.Tokyo(), new LinkHealthOptions(RecoverySamples: 3), _clock);

    private static LinkHealthSample Good(double pool = 0.5) => new(Link, Qber.Create(0.02), 5000, (long)(pool * 1_000_000), 1_000_000);

    private static LinkHealthSample Attacked() => new(Link, Qber.Create(0.25), 0, 500_000, 1_000_000, BlockAborted: true, AbortReason: "QBER above threshold");

    [Fact]
    public void Record_QberOverThreshold_QuarantinesAndRaisesCriticalAlarm()
    {
        LinkHealthMonitor monitor = NewMonitor();
        var raised = new List<LinkAlarm>();
        monitor.AlarmRaised += raised.Add;

        LinkHealthReport report = monitor.Record(Attacked()).Value;

        Assert.Equal(LinkHealthState.Quarantined, report.State);
        LinkAlarm alarm = Assert.Single(raised);
        Assert.Equal((AlarmKind.QberAboveThreshold, AlarmSeverity.Critical), (alarm.Kind, alarm.Severity));
        Assert.Contains("25.00", alarm.Message, StringComparison.Ordinal);
        Assert.Equal(alarm, Assert.Single(monitor.ActiveAlarms()));
    }

    [Fact]
    public void Record_RepeatedAttack_RaisesOneAlarm()
    {
        LinkHealthMonitor monitor = NewMonitor();

        monitor.Record(Attacked());
        monitor.Record(Attacked());

        Assert.Single(monitor.ActiveAlarms());
    }

    [Fact]
    public void Record_RecoversOnlyAfterNConsecutiveGoodSamples()
    {
        LinkHealthMonitor monitor = NewMonitor();
        var cleared = new List<LinkAlarm>();
        monitor.AlarmCleared += cleared.Add;
        monitor.Record(Attacked());

        monitor.Record(Good());
        monitor.Record(Good());
        monitor.Record(Attacked()); // resets the count
        monitor.Record(Good());
        Assert.Equal(LinkHealthState.Quarantined, monitor.Record(Good()).Value.State);
        Assert.Empty(cleared);
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(LinkHealthState.Normal, monitor.Record(Good()).Value.State);
        Assert.Empty(monitor.ActiveAlarms());
        Assert.Equal(_clock.GetUtcNow(), Assert.Single(cleared).ClearedAt);
    }

    // intercept-resend on 18 % of the pulses: QBER about 7.5 %, under this link's 8 %, and no block yields key
    private static LinkHealthSample UnderThresholdButAborted() =>
        new(Link, Qber.Create(0.075), 0, 500_000, 1_000_000, BlockAborted: true, AbortReason: "no secret key possible");

    [Fact]
    public void Record_AttackLoweredJustUnderTheThreshold_AbortedBlocksKeepTheLinkQuarantined()
    {
        LinkHealthMonitor monitor = NewMonitor();
        monitor.Record(Attacked());

        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(LinkHealthState.Quarantined, monitor.Record(UnderThresholdButAborted()).Value.State);
        }

        // the QBER alarm stays, and the run of aborted blocks raises its own
        Assert.Equal([AlarmKind.QberAboveThreshold, AlarmKind.RepeatedAborts], monitor.ActiveAlarms().Select(a => a.Kind).Order());
        Assert.Equal(0, monitor.Record(UnderThresholdButAborted()).Value.ConsecutiveGoodSamples);
    }

    [Fact]
    public void Record_FreshAttackJustUnderTheThreshold_QuarantinesAfterRepeatedAborts_AndRecoversOnGoodBlocks()
    {
        LinkHealthMonitor monitor = NewMonitor();

        for (int i = 1; i < LinkHealthOptions.Default.QuarantineAfterAborts; i++)
        {
            Assert.Equal(LinkHealthState.Degraded, monitor.Record(UnderThresholdButAborted()).Value.State);
        }

        Assert.Equal(LinkHealthState.Quarantined, monitor.Record(UnderThresholdButAborted()).Value.State);
        LinkAlarm alarm = Assert.Single(monitor.ActiveAlarms(), a => a.Kind == AlarmKind.RepeatedAborts);
        Assert.Equal(AlarmSeverity.Critical, alarm.Severity);

        monitor.Record(Good());
        monitor.Record(Good());
        Assert.Equal(LinkHealthState.Normal, monitor.Record(Good()).Value.State);
        Assert.DoesNotContain(monitor.ActiveAlarms(), a => a.Kind == AlarmKind.RepeatedAborts);
    }

    [Fact]
    public void Record_AbortedBlocksSeparatedByGoodOnes_NeverQuarantine()
    {
        LinkHealthMonitor monitor = NewMonitor();

        for (int i = 0; i < 20; i++)
        {
            Assert.NotEqual(LinkHealthState.Quarantined, monitor.Record(i % 2 == 0 ? UnderThresholdButAborted() : Good()).Value.State);
        }
    }

    [Fact]
    public void Record_AbortedBlockAmidGoodOnes_RestartsTheRecoveryCount()
    {
        LinkHealthMonitor monitor = NewMonitor();
        monitor.Record(Attacked());
        monitor.Record(Good());
        monitor.Record(Good());

        monitor.Record(UnderThresholdButAborted());
        monitor.Record(Good());
        Assert.Equal(LinkHealthState.Quarantined, monitor.Record(Good()).Value.State);

        Assert.Equal(LinkHealthState.Normal, monitor.Record(Good()).Value.State);
    }

    [Fact]
    public void Record_NoQberEstimate_QuarantinesWithAnAlarmThatSaysSo()
    {
        LinkHealthMonitor monitor = NewMonitor();

        LinkHealthReport report = monitor.Record(Good() with { Qber = null }).Value;

        Assert.Equal(LinkHealthState.Quarantined, report.State);
        Assert.Contains("no QBER estimate", Assert.Single(monitor.ActiveAlarms()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_AuthenticationFailed_QuarantinesWithCriticalAlarm_UntilGoodBlocksAfterRecommissioning()
    {
        LinkHealthMonitor monitor = NewMonitor();

        LinkHealthReport report = monitor.Record(Good() with { BlockAborted = true, AbortReason = "tag failed", AuthenticationFailed = true }).Value;

        Assert.Equal(LinkHealthState.Quarantined, report.State);
        LinkAlarm alarm = Assert.Single(monitor.ActiveAlarms());
        Assert.Equal((AlarmKind.AuthenticationFailed, AlarmSeverity.Critical), (alarm.Kind, alarm.Severity));
        for (int i = 0; i < 3; i++)
        {
            monitor.Record(Good());
        }

        Assert.Equal(LinkHealthState.Normal, monitor.TryGetReport(Link, out LinkHealthReport after) ? after.State : LinkHealthState.Quarantined);
        Assert.Empty(monitor.ActiveAlarms());
    }

    [Fact]
    public void Record_LowPool_DegradesWithWarning_ThenClears()
    {
        LinkHealthMonitor monitor = NewMonitor();

        Assert.Equal(LinkHealthState.Degraded, monitor.Record(Good(pool: 0.05)).Value.State);
        Assert.Equal(AlarmKind.PoolLow, Assert.Single(monitor.ActiveAlarms()).Kind);
        Assert.Equal(LinkHealthState.Normal, monitor.Record(Good(pool: 0.5)).Value.State);
        Assert.Empty(monitor.ActiveAlarms());
    }

    [Fact]
    public void CheckStale_NoSamplesForTooLong_DegradesAndWarnsOnce()
    {
        LinkHealthMonitor monitor = new(ExampleTopologies.Tokyo(), new LinkHealthOptions(StaleAfter: TimeSpan.FromSeconds(30)), _clock);
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(monitor.CheckStale());
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(5, monitor.CheckStale().Count);
        Assert.Empty(monitor.CheckStale());
        Assert.All(monitor.Reports(), r => Assert.Equal(LinkHealthState.Degraded, r.State));
        monitor.Record(Good());
        Assert.Equal(4, monitor.ActiveAlarms().Count);
    }

    [Fact]
    public void Record_UnknownLink_IsFailure()
    {
        Assert.False(NewMonitor().Record(Good() with { Link = LinkId.Create("nope") }).IsSuccess);
    }

    [Fact]
    public void RoutingTableFollowingMonitor_ReroutesUnderAttack_AndBackOnRecovery()
    {
        LinkHealthMonitor monitor = NewMonitor();
        var table = new RoutingTable(ExampleTopologies.Tokyo());
        using IDisposable following = table.Follow(monitor);
        KmeId otemachi = KmeId.Create("otemachi"), hakusan = KmeId.Create("hakusan");
        Assert.Equal(1, table.FindRoute(otemachi, hakusan).Value.Hops);

        monitor.Record(Attacked());
        Assert.Equal(["otemachi", "hongo", "hakusan"], table.FindRoute(otemachi, hakusan).Value.Nodes.Select(n => n.Value));

        for (int i = 0; i < 3; i++)
        {
            monitor.Record(Good());
        }

        Assert.Equal(1, table.FindRoute(otemachi, hakusan).Value.Hops);
    }
}
