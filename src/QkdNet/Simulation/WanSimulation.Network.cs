using QkdNet.Control.Health;
using QkdNet.Control.Routing;
using QkdNet.Quantum.KeyRate;
using QkdNet.Quantum.Physics;

namespace QkdNet.Simulation;

/// <summary>Faults, the controller's health samples, routing snapshots and satellite passes.</summary>
public sealed partial class WanSimulation
{
    private readonly List<float>[] _samples;
    private readonly List<double> _sampleHours = [];
    private readonly List<double> _meanPoolFraction = [];
    private readonly List<double> _blockingOverTime = [];
    /// <summary>Pool movement (fraction of capacity) that makes the periodic refresh build a new routing snapshot.</summary>
    private const double RefreshPoolStep = 0.05;

    private long _quarantines;
    private long _requestsAtLastSample;
    private long _blockedAtLastSample;

    private void OnFault(SimEvent e, double now)
    {
        switch (e.Kind)
        {
            case EventKind.LinkDown or EventKind.RandomFailure:
                _links[e.Index].Failures++;
                if (e.Kind == EventKind.RandomFailure)
                {
                    Schedule(now + SimulatedPool.Exponential(_random, 1 / (_scenario.LinkMttrHours * 3600)), EventKind.RandomRepair, e.Index);
                }

                UpdateRate(e.Index, now);
                break;
            case EventKind.LinkUp or EventKind.RandomRepair:
                _links[e.Index].Failures--;
                if (e.Kind == EventKind.RandomRepair)
                {
                    Schedule(now + SimulatedPool.Exponential(_random, 1 / (_scenario.LinkMtbfHours * 3600)), EventKind.RandomFailure, e.Index);
                }

                UpdateRate(e.Index, now);
                break;
            case EventKind.EveStart:
                _links[e.Index].InterceptFraction = e.Value;
                UpdateRate(e.Index, now);
                break;
            case EventKind.EveEnd:
                _links[e.Index].InterceptFraction = 0;
                UpdateRate(e.Index, now);
                break;
            case EventKind.NodeDown or EventKind.NodeUp:
                _nodeDown[e.Index] = e.Kind == EventKind.NodeDown;
                for (int i = 0; i < _links.Length; i++)
                {
                    if (_links[i].A == e.Index || _links[i].B == e.Index)
                    {
                        UpdateRate(i, now);
                    }
                }

                break;
        }

        RefreshRouting(now); // the controller reroutes at once on a fault
    }

    /// <summary>Whether the link's devices run: not failed, both trusted nodes up.</summary>
    private bool Running(SimLink link) => link.Failures == 0 && !_nodeDown[link.A] && !_nodeDown[link.B];

    /// <summary>
    /// QBER of the link now, as a fraction: its physics' signal QBER E_mu, with intercept-resend on a fraction f of the
    /// pulses adding 25 % + e_d / 2 on those (Bennett and Brassard 1984; see <see cref="Quantum.Simulation.InterceptResend"/>):
    /// E = (1 - f) E_mu + f (1/4 + e_d / 2).
    /// </summary>
    private double Qber(SimLink link)
    {
        double f = link.InterceptFraction;
        return ((1 - f) * link.BaseQber) + (f * (0.25 + (link.Misalignment / 2)));
    }

    /// <summary>
    /// Sets the link's pool rate from its state: 0 when not running, or when the QBER is over the link's threshold (an
    /// eavesdropper, or a satellite low on the horizon): every block then aborts, and the link makes no key.
    /// </summary>
    private void UpdateRate(int i, double now)
    {
        SimLink link = _links[i];
        bool aborting = Qber(link) > link.Link.QberThreshold;
        double rate = !Running(link) || aborting ? 0 : link.Orbit is null ? link.NominalRateBps : link.SatelliteRateBps;
        link.Pool.SetRate(now, rate, _random);
        SetExcluded(link, !Running(link) || link.Quarantined, now);
    }

    private static void SetExcluded(SimLink link, bool excluded, double now)
    {
        if (excluded == link.Excluded)
        {
            return;
        }

        if (link.Excluded)
        {
            link.DownSeconds += now - link.ExcludedSince;
        }

        link.Excluded = excluded;
        link.ExcludedSince = now;
    }

    /// <summary>Every running link that makes (or tries to make) key reports a sample to the controller's monitor.</summary>
    private void OnControlTick(double now)
    {
        for (int i = 0; i < _links.Length; i++)
        {
            SimLink link = _links[i];
            bool attempting = link.Orbit is null || link.InPass;
            if (!Running(link) || !attempting)
            {
                continue;
            }

            link.Pool.Advance(now, _random);
            double qber = Qber(link);
            bool aborted = qber > link.Link.QberThreshold;
            _monitor.Record(new LinkHealthSample(link.Link.Id, Quantum.Qber.Create(qber), link.Pool.RateBps, (long)link.Pool.LevelBits, _scenario.Pool.CapacityBits,
                BlockAborted: aborted, AbortReason: aborted ? "QBER above threshold" : null));
        }

        if (_routingDirty)
        {
            RefreshRouting(now);
        }
    }

    private void OnHealthChanged(LinkHealthReport report)
    {
        SimLink link = _links[_linkIndex[report.Link]];
        bool quarantined = report.State == LinkHealthState.Quarantined;
        if (quarantined != link.Quarantined)
        {
            link.Quarantined = quarantined;
            _quarantines += quarantined ? 1 : 0;
            SetExcluded(link, !Running(link) || quarantined, _clock.Seconds);
            _routingDirty = true;
        }
    }

    /// <summary>
    /// A new routing snapshot from every link's pool level, rate and exclusion (failed, node down, quarantined). The
    /// periodic refresh (<paramref name="onlyIfMoved"/>) keeps the current snapshot, and its cached routes, while no link
    /// changed its rate or exclusion and no pool moved by more than <see cref="RefreshPoolStep"/> of its capacity.
    /// </summary>
    private void RefreshRouting(double now, bool onlyIfMoved = false)
    {
        var states = new LinkState[_links.Length];
        bool moved = !onlyIfMoved;
        for (int i = 0; i < _links.Length; i++)
        {
            SimLink link = _links[i];
            link.Pool.Advance(now, _random);
            // A failed link or one whose node is down carries no relay traffic, as a quarantined one: routing excludes both.
            states[i] = new LinkState(link.Link.Id, link.Pool.Fraction, link.Pool.RateBps, link.Excluded);
            LinkState old = _snapshot.LinkStates[link.Link.Id];
            moved |= old.Quarantined != link.Excluded || old.SecretKeyRateBps != link.Pool.RateBps
                || Math.Abs(old.PoolFraction - link.Pool.Fraction) > RefreshPoolStep;
        }

        if (!moved)
        {
            return;
        }

        _snapshot = _snapshot.With(states).Value;
        _routeCache = [];
        _routingDirty = false;
    }

    /// <summary>Moves satellite <paramref name="s"/> along its orbit and sets its links' rates from each station's view.</summary>
    private void OnSatelliteStep(int s, double now)
    {
        SatelliteOrbit orbit = _scenario.Satellites[s];
        for (int i = 0; i < _links.Length; i++)
        {
            SimLink link = _links[i];
            if (link.Orbit != orbit || link.Ground is not { } ground)
            {
                continue;
            }

            (double elevation, double range) = orbit.Look(ground, now);
            bool inPass = elevation >= orbit.MinElevationDegrees;
            if (link.InPass)
            {
                link.PassSeconds += _scenario.SatelliteStepSeconds;
            }

            link.InPass = inPass;
            if (inPass)
            {
                double lossDb = orbit.LossDb(range);
                QkdLink physics = link.Link.Physics.CreateLink() with { Channel = FreeSpaceChannel.Fixed(lossDb).Value };
                link.SatelliteRateBps = RateOf(physics, link.Link.SpeedUp);
                link.BaseQber = KeyRateModels.InfiniteDecoy(physics).Qber;
            }
            else
            {
                link.SatelliteRateBps = 0;
            }

            UpdateRate(i, now);
        }
    }

    private void TakeSample(double now)
    {
        double sum = 0;
        for (int i = 0; i < _links.Length; i++)
        {
            _links[i].Pool.Advance(now, _random);
            double fraction = _links[i].Pool.Fraction;
            _samples[i].Add((float)fraction);
            sum += fraction;
        }

        _sampleHours.Add(now / 3600);
        _meanPoolFraction.Add(_links.Length == 0 ? 0 : sum / _links.Length);
        long requests = _requests - _requestsAtLastSample, blocked = _blocked - _blockedAtLastSample;
        _blockingOverTime.Add(requests == 0 ? double.NaN : (double)blocked / requests);
        (_requestsAtLastSample, _blockedAtLastSample) = (_requests, _blocked);
    }
}
