using QkdNet.Control.Health;
using QkdNet.KeyManagement;
using QkdNet.Quantum;
using QkdNet.Tests.Control.Support;
using QkdNet.Tests.KeyManagement.Support;

namespace QkdNet.Tests.Control.Health;

/// <summary>An operator's quarantine (<see cref="LinkHealthMonitor.QuarantineByOperator"/>) and its lifting.</summary>
public sealed class LinkHealthMonitorOperatorTests
{
    private static readonly LinkId Link = LinkId.Create("otemachi-hakusan"); // threshold 0.08 in the file
    private readonly FakeTimeProvider _clock = new();

    private LinkHealthMonitor NewMonitor() => new(ExampleTopologies.Tokyo(), new LinkHealthOptions(RecoverySamples: 1), _clock);

    private static LinkHealthSample Good() => new(Link, Qber.Create(0.02), 5000, 500_000, 1_000_000);

    [Fact]
    public void QuarantineByOperator_HoldsTheLinkQuarantined_ThroughGoodSamples_WithAWarningNamingTheOperator()
    {
        LinkHealthMonitor monitor = NewMonitor();
        var updated = new List<LinkHealthReport>();
        monitor.ReportUpdated += updated.Add;

        LinkHealthReport report = monitor.QuarantineByOperator(Link, "ops").Value;
        monitor.Record(Good());
        monitor.Record(Good());

        Assert.Equal((LinkHealthState.Quarantined, "ops"), (report.State, report.QuarantinedBy));
        Assert.True(monitor.TryGetReport(Link, out LinkHealthReport now));
        Assert.Equal(LinkHealthState.Quarantined, now.State);
        Assert.True(updated[0].ToLinkState().Quarantined); // routing hears of it at once
        LinkAlarm alarm = Assert.Single(monitor.ActiveAlarms());
        Assert.Equal((AlarmKind.OperatorQuarantine, AlarmSeverity.Warning), (alarm.Kind, alarm.Severity));
        Assert.Contains("ops", alarm.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RestoreByOperator_LiftsTheQuarantine_AndClearsItsAlarm()
    {
        LinkHealthMonitor monitor = NewMonitor();
        monitor.QuarantineByOperator(Link, "ops");

        LinkHealthReport report = monitor.RestoreByOperator(Link).Value;

        Assert.Equal((LinkHealthState.Normal, (string?)null), (report.State, report.QuarantinedBy));
        Assert.Empty(monitor.ActiveAlarms());
    }

    [Fact]
    public void RestoreByOperator_OfAnAttackedLink_LeavesItQuarantinedUntilGoodBlocks()
    {
        LinkHealthMonitor monitor = NewMonitor();
        monitor.QuarantineByOperator(Link, "ops");
        monitor.Record(new LinkHealthSample(Link, Qber.Create(0.25), 0, 500_000, 1_000_000, BlockAborted: true, AbortReason: "QBER above threshold"));

        LinkHealthReport restored = monitor.RestoreByOperator(Link).Value;
        LinkHealthReport afterGood = monitor.Record(Good()).Value;

        Assert.Equal(LinkHealthState.Quarantined, restored.State);
        Assert.Equal(LinkHealthState.Normal, afterGood.State);
    }

    [Fact]
    public void QuarantineByOperator_Twice_RaisesOneAlarm()
    {
        LinkHealthMonitor monitor = NewMonitor();

        monitor.QuarantineByOperator(Link, "ops");
        monitor.QuarantineByOperator(Link, "other");

        Assert.Single(monitor.ActiveAlarms());
        Assert.True(monitor.TryGetReport(Link, out LinkHealthReport report));
        Assert.Equal("ops", report.QuarantinedBy);
    }

    [Fact]
    public void QuarantineByOperator_UnknownLink_FailsAndChangesNothing()
    {
        LinkHealthMonitor monitor = NewMonitor();

        Result<LinkHealthReport> result = monitor.QuarantineByOperator(LinkId.Create("nowhere"), "ops");

        Assert.False(result.IsSuccess);
        Assert.Contains("nowhere", result.Error, StringComparison.Ordinal);
        Assert.Empty(monitor.ActiveAlarms());
        Assert.All(monitor.Reports(), r => Assert.Equal(LinkHealthState.Normal, r.State));
    }
}
