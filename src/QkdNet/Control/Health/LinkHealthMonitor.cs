using QkdNet.Control.Topology;
using QkdNet.KeyManagement;

namespace QkdNet.Control.Health;

/// <summary>
/// Keeps each link's health from its samples and raises and clears alarms: QBER over the link's
/// threshold (or no QBER estimate) quarantines it at once, and so does a failed Wegman-Carter tag on its classical
/// channel (critical alarms); <see cref="LinkHealthOptions.RecoverySamples"/> good samples in a row (blocks that
/// produced key under the threshold: an aborted block is never good) lift the quarantine and clear the alarms. Low pool, aborted blocks and
/// silence degrade a link with a warning. Changes are published as events after the state is
/// updated (never under the lock) and as immutable <see cref="LinkHealthReport"/>s.
/// </summary>
/// <remarks>Thread-safe. Time comes from the injected <see cref="TimeProvider"/>.</remarks>
public sealed partial class LinkHealthMonitor
{
    private readonly Lock _lock = new();
    private readonly Dictionary<LinkId, LinkEntry> _links = [];
    private readonly List<LinkAlarm> _active = [];
    private readonly LinkHealthOptions _options;
    private readonly TimeProvider _time;
    private long _nextAlarmId = 1;

    /// <summary>A monitor of every link of <paramref name="topology"/>, each starting Normal.</summary>
    public LinkHealthMonitor(NetworkTopology topology, LinkHealthOptions? options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(time);
        _options = options ?? LinkHealthOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.RecoverySamples, 1);
        _time = time;
        DateTimeOffset now = time.GetUtcNow();
        foreach (TopologyLink link in topology.Links)
        {
            double rate = link.Physics.ExpectedSecretKeyRateBps() * link.SpeedUp;
            _links[link.Id] = new LinkEntry(link.QberThreshold, now,
                new LinkHealthReport(link.Id, LinkHealthState.Normal, null, rate, 1, null, now, 0, 0, 0));
        }
    }

    /// <summary>Raised after every recorded sample with the link's new report.</summary>
    public event Action<LinkHealthReport>? ReportUpdated;

    /// <summary>Raised when a link changes state, with the new report.</summary>
    public event Action<LinkHealthReport>? StateChanged;

    /// <summary>Raised with each new alarm.</summary>
    public event Action<LinkAlarm>? AlarmRaised;

    /// <summary>Raised with each cleared alarm (its <see cref="LinkAlarm.ClearedAt"/> set).</summary>
    public event Action<LinkAlarm>? AlarmCleared;

    /// <summary>Every link's report, in topology order.</summary>
    public IReadOnlyList<LinkHealthReport> Reports()
    {
        lock (_lock)
        {
            return [.. _links.Values.Select(e => e.Report)];
        }
    }

    /// <summary>The report of one link, if it is known.</summary>
    public bool TryGetReport(LinkId link, out LinkHealthReport report)
    {
        lock (_lock)
        {
            bool found = _links.TryGetValue(link, out LinkEntry? e);
            report = e?.Report!;
            return found;
        }
    }

    /// <summary>Alarms not yet cleared, oldest first.</summary>
    public IReadOnlyList<LinkAlarm> ActiveAlarms()
    {
        lock (_lock)
        {
            return [.. _active];
        }
    }

    /// <summary>Records a sample; fails for a link the topology does not have.</summary>
    public Result<LinkHealthReport> Record(LinkHealthSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var events = new PendingEvents();
        LinkHealthReport report;
        lock (_lock)
        {
            if (!_links.TryGetValue(sample.Link, out LinkEntry? entry))
            {
                return Result<LinkHealthReport>.Fail($"unknown link '{sample.Link}'.");
            }

            report = Apply(entry, sample, _time.GetUtcNow(), events);
        }

        events.Publish(this, report);
        return report;
    }

    /// <summary>
    /// Degrades every link with no sample for <see cref="LinkHealthOptions.StaleAfter"/> and raises a
    /// warning for it; call it periodically (the host's timer). Returns the links newly marked stale.
    /// </summary>
    public IReadOnlyList<LinkId> CheckStale()
    {
        DateTimeOffset now = _time.GetUtcNow();
        var events = new PendingEvents();
        var stale = new List<LinkId>();
        lock (_lock)
        {
            foreach (LinkEntry e in _links.Values)
            {
                DateTimeOffset last = e.Report.LastSampleAt ?? e.Created;
                if (now - last >= _options.StaleAfterOrDefault && Find(e.Report.Link, AlarmKind.NoSamples) is null)
                {
                    Raise(e.Report.Link, AlarmKind.NoSamples, AlarmSeverity.Warning, $"no sample for {(now - last).TotalSeconds:0} s.", now, events);
                    if (e.Report.State == LinkHealthState.Normal)
                    {
                        SetState(e, e.Report with { State = LinkHealthState.Degraded, StateSince = now }, events);
                    }

                    stale.Add(e.Report.Link);
                }
            }
        }

        events.Publish(this, null);
        return stale;
    }

    private sealed class LinkEntry(double qberThreshold, DateTimeOffset created, LinkHealthReport report)
    {
        public double QberThreshold { get; } = qberThreshold;

        public DateTimeOffset Created { get; } = created;

        public LinkHealthReport Report { get; set; } = report;
    }
}
