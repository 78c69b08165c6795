using QkdNet.KeyManagement;

namespace QkdNet.Control.Health;

/// <summary>An operator's quarantine: held by hand whatever the samples say, lifted only by hand.</summary>
public sealed partial class LinkHealthMonitor
{
    /// <summary>
    /// Quarantines <paramref name="link"/> on an operator's word (a warning alarm names them): routing avoids it until
    /// <see cref="RestoreByOperator"/>, even while its blocks come in healthy. Quarantining a link already held by hand
    /// changes nothing. Fails for a link the topology does not have.
    /// </summary>
    /// <param name="link">The link.</param>
    /// <param name="operatorName">Who asked (the name of their certificate), kept on the report and in the alarm.</param>
    public Result<LinkHealthReport> QuarantineByOperator(LinkId link, string operatorName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operatorName);
        var events = new PendingEvents();
        LinkHealthReport report;
        lock (_lock)
        {
            if (!_links.TryGetValue(link, out LinkEntry? entry))
            {
                return Result<LinkHealthReport>.Fail($"unknown link '{link}'.");
            }

            if (entry.Report.QuarantinedBy is not null)
            {
                return entry.Report;
            }

            DateTimeOffset now = _time.GetUtcNow();
            Raise(link, AlarmKind.OperatorQuarantine, AlarmSeverity.Warning, $"quarantined by operator {operatorName}; held until an operator restores it.", now, events);
            report = entry.Report with
            {
                State = LinkHealthState.Quarantined,
                StateSince = entry.Report.State == LinkHealthState.Quarantined ? entry.Report.StateSince : now,
                QuarantinedBy = operatorName,
            };
            SetState(entry, report, events);
        }

        events.Publish(this, report);
        return report;
    }

    /// <summary>
    /// Lifts an operator's quarantine of <paramref name="link"/>. The link stays quarantined while a quarantine of its own
    /// holds (a QBER, tag or abort alarm still active: only good blocks lift that); otherwise it is normal until its next
    /// sample says more. Restoring a link no operator quarantined changes nothing. Fails for a link the topology does not have.
    /// </summary>
    public Result<LinkHealthReport> RestoreByOperator(LinkId link)
    {
        var events = new PendingEvents();
        LinkHealthReport report;
        lock (_lock)
        {
            if (!_links.TryGetValue(link, out LinkEntry? entry))
            {
                return Result<LinkHealthReport>.Fail($"unknown link '{link}'.");
            }

            if (entry.Report.QuarantinedBy is null)
            {
                return entry.Report;
            }

            DateTimeOffset now = _time.GetUtcNow();
            Clear(link, AlarmKind.OperatorQuarantine, now, events);
            bool attacked = _active.Exists(a => a.Link == link && a.Severity == AlarmSeverity.Critical);
            LinkHealthState state = attacked ? LinkHealthState.Quarantined : LinkHealthState.Normal;
            report = entry.Report with
            {
                State = state,
                StateSince = state == entry.Report.State ? entry.Report.StateSince : now,
                QuarantinedBy = null,
                ConsecutiveGoodSamples = 0,
            };
            SetState(entry, report, events);
        }

        events.Publish(this, report);
        return report;
    }
}
