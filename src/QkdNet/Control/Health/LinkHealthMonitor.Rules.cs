using QkdNet.KeyManagement;

namespace QkdNet.Control.Health;

/// <summary>The state machine and alarm bookkeeping (called under the lock).</summary>
public sealed partial class LinkHealthMonitor
{
    private LinkHealthReport Apply(LinkEntry entry, LinkHealthSample s, DateTimeOffset now, PendingEvents events)
    {
        LinkHealthReport old = entry.Report;
        LinkId link = s.Link;
        bool qberBad = s.Qber is not { } qber || qber.Fraction > entry.QberThreshold; // no estimate counts as bad: no trust
        bool tampered = s.AuthenticationFailed;

        // Only a block that produced key under the threshold is evidence of health. An aborted block proves
        // nothing: an eavesdropper who keeps the QBER just under the threshold (intercept-resend on 18 % of the
        // pulses gives about 7.5 % against 8 %) makes every block abort, and must not talk the link out of quarantine.
        int good = qberBad || tampered || s.BlockAborted ? 0 : old.ConsecutiveGoodSamples + 1;
        int aborts = s.BlockAborted ? old.ConsecutiveAborts + 1 : 0;
        bool abortingTooLong = aborts >= _options.QuarantineAfterAborts;
        Clear(link, AlarmKind.NoSamples, now, events);

        LinkHealthState state;
        if (qberBad || tampered || abortingTooLong)
        {
            state = LinkHealthState.Quarantined;
            if (abortingTooLong && !qberBad && !tampered && Find(link, AlarmKind.RepeatedAborts) is null)
            {
                Raise(link, AlarmKind.RepeatedAborts, AlarmSeverity.Critical,
                    $"{aborts} blocks in a row aborted with the QBER ({s.Qber?.Fraction:P2}) under the threshold {entry.QberThreshold:P2} (last: {s.AbortReason ?? "no reason given"}); an eavesdropper may be holding the QBER just below it; link quarantined.", now, events);
            }

            if (qberBad && Find(link, AlarmKind.QberAboveThreshold) is null)
            {
                string measured = s.Qber is { } high ? $"QBER {high.Fraction:P2} above threshold {entry.QberThreshold:P2}" : "no QBER estimate (counted as above threshold)";
                Raise(link, AlarmKind.QberAboveThreshold, AlarmSeverity.Critical, $"{measured}; link quarantined.", now, events);
            }

            if (tampered && Find(link, AlarmKind.AuthenticationFailed) is null)
            {
                Raise(link, AlarmKind.AuthenticationFailed, AlarmSeverity.Critical,
                    "a Wegman-Carter tag failed on the classical channel (a man in the middle suspected); link quarantined until an operator re-commissions it.", now, events);
            }
        }
        else if (old.State == LinkHealthState.Quarantined && good < _options.RecoverySamples)
        {
            state = LinkHealthState.Quarantined; // still proving itself
        }
        else
        {
            Clear(link, AlarmKind.AuthenticationFailed, now, events);
            Clear(link, AlarmKind.QberAboveThreshold, now, events);
            Clear(link, AlarmKind.RepeatedAborts, now, events);
            bool poolLow = s.PoolFraction < _options.LowPoolFraction;
            bool aborted = s.BlockAborted;
            state = poolLow || aborted || !(s.SecretKeyRateBps > 0) ? LinkHealthState.Degraded : LinkHealthState.Normal;
            if (poolLow && Find(link, AlarmKind.PoolLow) is null)
            {
                Raise(link, AlarmKind.PoolLow, AlarmSeverity.Warning,
                    $"pool at {s.PoolFraction:P1} of capacity, below {_options.LowPoolFraction:P1}.", now, events);
            }
            else if (!poolLow)
            {
                Clear(link, AlarmKind.PoolLow, now, events);
            }

            if (aborted && Find(link, AlarmKind.BlockAborted) is null)
            {
                Raise(link, AlarmKind.BlockAborted, AlarmSeverity.Warning, $"block aborted: {s.AbortReason ?? "no reason given"}.", now, events);
            }
            else if (!aborted)
            {
                Clear(link, AlarmKind.BlockAborted, now, events);
            }
        }

        if (old.QuarantinedBy is not null)
        {
            state = LinkHealthState.Quarantined; // an operator's quarantine holds until an operator lifts it
        }

        LinkHealthReport next = old with
        {
            State = state,
            Qber = s.Qber,
            SecretKeyRateBps = s.SecretKeyRateBps,
            PoolFraction = s.PoolFraction,
            LastSampleAt = now,
            StateSince = state == old.State ? old.StateSince : now,
            ConsecutiveGoodSamples = good,
            ConsecutiveAborts = aborts,
            Samples = old.Samples + 1,
            AbortedBlocks = old.AbortedBlocks + (s.BlockAborted ? 1 : 0),
        };
        SetState(entry, next, events);
        return next;
    }

    private void SetState(LinkEntry entry, LinkHealthReport next, PendingEvents events)
    {
        if (next.State != entry.Report.State)
        {
            events.StateChanges.Add(next);
        }

        entry.Report = next;
    }

    private LinkAlarm? Find(LinkId link, AlarmKind kind) => _active.Find(a => a.Link == link && a.Kind == kind);

    private void Raise(LinkId link, AlarmKind kind, AlarmSeverity severity, string message, DateTimeOffset now, PendingEvents events)
    {
        var alarm = new LinkAlarm(_nextAlarmId++, link, kind, severity, message, now);
        _active.Add(alarm);
        events.Raised.Add(alarm);
    }

    private void Clear(LinkId link, AlarmKind kind, DateTimeOffset now, PendingEvents events)
    {
        LinkAlarm? alarm = Find(link, kind);
        if (alarm is not null)
        {
            _active.Remove(alarm);
            events.Cleared.Add(alarm with { ClearedAt = now });
        }
    }

    /// <summary>Events gathered under the lock and raised after it is released.</summary>
    private sealed class PendingEvents
    {
        public List<LinkHealthReport> StateChanges { get; } = [];

        public List<LinkAlarm> Raised { get; } = [];

        public List<LinkAlarm> Cleared { get; } = [];

        public void Publish(LinkHealthMonitor m, LinkHealthReport? updated)
        {
            Cleared.ForEach(a => m.AlarmCleared?.Invoke(a));
            Raised.ForEach(a => m.AlarmRaised?.Invoke(a));
            StateChanges.ForEach(r => m.StateChanged?.Invoke(r));
            if (updated is not null)
            {
                m.ReportUpdated?.Invoke(updated);
            }
        }
    }
}
