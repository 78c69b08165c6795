using QkdNet.Control.Health;
using QkdNet.Control.Routing;
using QkdNet.Control.Topology;
using QkdNet.KeyManagement;
using QkdNet.Quantum.KeyRate;
using QkdNet.Quantum.Physics;
using QkdNet.Quantum.Simulation;

namespace QkdNet.Simulation;

/// <summary>
/// A discrete-event simulation of a QKD network on the project's own parts: one clock and one queue of events; each
/// link fills a pool (<see cref="SimulatedPool"/>, the key store's <see cref="KeyManagement.Pools.PoolOptions"/>) at its
/// key-rate model's rate; requests between users are relayed hop by hop along the routes of the controller's key-aware
/// routing (<see cref="NetworkSnapshot"/>, node-disjoint multipath when configured), each hop taking a key's worth of
/// pad (<see cref="Route.KeyCostBits"/>); the controller's <see cref="LinkHealthMonitor"/> quarantines a link whose
/// QBER an eavesdropper raises. A run is a pure function of its input and seed. Not thread-safe; one run per instance.
/// </summary>
public sealed partial class WanSimulation
{
    private readonly NetworkTopology _topology;
    private readonly SimulationScenario _scenario;
    private readonly ulong _seed;
    private readonly SimulationRandom _random;
    private readonly SimulationClock _clock = new();
    private readonly PriorityQueue<SimEvent, (double, long)> _queue = new();
    private readonly SimLink[] _links;
    private readonly Dictionary<LinkId, int> _linkIndex = [];
    private readonly Dictionary<KmeId, int> _nodeIndex = [];
    private readonly bool[] _nodeDown;
    private readonly LinkHealthMonitor _monitor;
    private readonly UserPopulation _users;
    private readonly double _endSeconds;
    private NetworkSnapshot _snapshot;
    private long _sequence;
    private bool _routingDirty;

    private WanSimulation(SimulationInput input, UserPopulation users, ulong seed)
    {
        _topology = input.Topology;
        _scenario = input.Scenario;
        _seed = seed;
        _random = new SimulationRandom(seed);
        _users = users;
        _endSeconds = _scenario.Hours * 3600;
        for (int i = 0; i < _topology.Nodes.Count; i++)
        {
            _nodeIndex[_topology.Nodes[i].Id] = i;
        }

        _nodeDown = new bool[_topology.Nodes.Count];
        _links = new SimLink[_topology.Links.Count];
        var satellites = _scenario.Satellites.ToDictionary(s => s.Node);
        for (int i = 0; i < _links.Length; i++)
        {
            TopologyLink link = _topology.Links[i];
            _linkIndex[link.Id] = i;
            SatelliteOrbit? orbit = satellites.GetValueOrDefault(link.A) ?? satellites.GetValueOrDefault(link.B);
            GeoPosition? ground = orbit is null ? null : _topology.TryGetNode(link.OtherEnd(orbit.Node), out TopologyNode g) ? g.Position : null;
            _links[i] = new SimLink(link, _nodeIndex[link.A], _nodeIndex[link.B], orbit, ground,
                new SimulatedPool(_scenario.Pool, _scenario.InitialPoolFraction * _scenario.Pool.CapacityBits, _scenario.KeyArrivals, _scenario.BlockBits),
                orbit is null ? RateOf(link.Physics.CreateLink(), link.SpeedUp) : 0)
            {
                Misalignment = link.Physics.CreateLink().Misalignment,
                BaseQber = orbit is null ? KeyRateModels.InfiniteDecoy(link.Physics.CreateLink()).Qber : 0.5,
            };
        }

        // Pool alarms are the simulation's own statistics, so the monitor's low-pool rule is switched off (fraction 0).
        _monitor = new LinkHealthMonitor(_topology, new LinkHealthOptions(LowPoolFraction: 0), _clock);
        _monitor.StateChanged += OnHealthChanged;
        _snapshot = NetworkSnapshot.Initial(_topology);
        _samples = new List<float>[_links.Length];
        for (int i = 0; i < _links.Length; i++)
        {
            _samples[i] = [];
        }

        _userBits = new long[users.UserNode.Length];
    }

    /// <summary>Runs <paramref name="input"/> with <paramref name="seed"/>; a failure (no user can be placed) is a value.</summary>
    public static Result<SimulationReport> Run(SimulationInput input, ulong seed, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var satellites = input.Scenario.Satellites.Select(s => s.Node).ToHashSet();
        Result<UserPopulation> users = UserPopulation.Create(input.Topology, input.Scenario, satellites, input.Scenario.Users);
        if (!users.IsSuccess)
        {
            return Result<SimulationReport>.Fail(users.Error!);
        }

        var simulation = new WanSimulation(input, users.Value, seed);
        return simulation.Execute(cancellation);
    }

    private SimulationReport Execute(CancellationToken cancellation)
    {
        Schedule(0, EventKind.Start);
        long processed = 0;
        while (_queue.TryDequeue(out SimEvent e, out (double At, long) key))
        {
            if (key.At > _endSeconds)
            {
                break;
            }

            if ((++processed & 0xFFFF) == 0)
            {
                cancellation.ThrowIfCancellationRequested();
            }

            _clock.AdvanceTo(key.At);
            Handle(e, key.At);
        }

        _clock.AdvanceTo(_endSeconds);
        return BuildReport(processed);
    }

    private void Handle(SimEvent e, double now)
    {
        switch (e.Kind)
        {
            case EventKind.Start:
                Start(now);
                break;
            case EventKind.Arrival:
                OnArrival(now);
                break;
            case EventKind.Retry:
                OnRetry(e.Index, now);
                break;
            case EventKind.ControlTick:
                OnControlTick(now);
                Schedule(now + _scenario.ControlIntervalSeconds, EventKind.ControlTick);
                break;
            case EventKind.RoutingRefresh:
                RefreshRouting(now, onlyIfMoved: true);
                Schedule(now + _scenario.RoutingRefreshSeconds, EventKind.RoutingRefresh);
                break;
            case EventKind.Sample:
                TakeSample(now);
                Schedule(now + _scenario.SampleIntervalSeconds, EventKind.Sample);
                break;
            case EventKind.SatelliteStep:
                OnSatelliteStep(e.Index, now);
                Schedule(now + _scenario.SatelliteStepSeconds, EventKind.SatelliteStep, e.Index);
                break;
            default:
                OnFault(e, now);
                break;
        }
    }

    private void Start(double now)
    {
        for (int i = 0; i < _links.Length; i++)
        {
            UpdateRate(i, now);
        }

        for (int s = 0; s < _scenario.Satellites.Count; s++)
        {
            Schedule(now, EventKind.SatelliteStep, s);
        }

        foreach (ScheduledEvent fault in _scenario.Events)
        {
            (EventKind start, EventKind end, int index) = fault.Kind switch
            {
                ScheduledEventKind.LinkFailure => (EventKind.LinkDown, EventKind.LinkUp, _linkIndex[fault.Link]),
                ScheduledEventKind.Eavesdrop => (EventKind.EveStart, EventKind.EveEnd, _linkIndex[fault.Link]),
                _ => (EventKind.NodeDown, EventKind.NodeUp, _nodeIndex[fault.Node]),
            };
            Schedule(fault.AtSeconds, start, index, fault.InterceptFraction);
            Schedule(fault.AtSeconds + fault.DurationSeconds, end, index);
        }

        if (_scenario.LinkMtbfHours > 0)
        {
            for (int i = 0; i < _links.Length; i++)
            {
                Schedule(now + SimulatedPool.Exponential(_random, 1 / (_scenario.LinkMtbfHours * 3600)), EventKind.RandomFailure, i);
            }
        }

        RefreshRouting(now);
        Schedule(now + _scenario.ControlIntervalSeconds, EventKind.ControlTick);
        Schedule(now + _scenario.RoutingRefreshSeconds, EventKind.RoutingRefresh);
        TakeSample(now);
        Schedule(now + _scenario.SampleIntervalSeconds, EventKind.Sample);
        ScheduleNextArrival(now);
    }

    private void Schedule(double at, EventKind kind, int index = 0, double value = 0) =>
        _queue.Enqueue(new SimEvent(kind, index, value), (at, _sequence++));

    /// <summary>Secret key rate of <paramref name="link"/> in bits/s: its model's asymptotic or finite-key rate, times the speed-up.</summary>
    private double RateOf(QkdLink link, double speedUp)
    {
        double rate = _scenario.FiniteKey
            ? FiniteKeyBound.Compute(link, FiniteKeyParameters.Create(_scenario.BlockBits).Value) is { IsSuccess: true } f ? f.Value.SecretKeyRateBps : 0
            : KeyRateModels.InfiniteDecoy(link).SecretKeyRateBps;
        return rate * speedUp;
    }

    private enum EventKind
    {
        Start,
        Arrival,
        Retry,
        ControlTick,
        RoutingRefresh,
        Sample,
        SatelliteStep,
        LinkDown,
        LinkUp,
        RandomFailure,
        RandomRepair,
        EveStart,
        EveEnd,
        NodeDown,
        NodeUp,
    }

    private readonly record struct SimEvent(EventKind Kind, int Index, double Value);

    /// <summary>The simulation's state of one link.</summary>
    private sealed class SimLink(TopologyLink link, int a, int b, SatelliteOrbit? orbit, GeoPosition? ground, SimulatedPool pool, double nominalRateBps)
    {
        public TopologyLink Link { get; } = link;

        public int A { get; } = a;

        public int B { get; } = b;

        public SatelliteOrbit? Orbit { get; } = orbit;

        public GeoPosition? Ground { get; } = ground;

        public SimulatedPool Pool { get; } = pool;

        public double NominalRateBps { get; } = nominalRateBps;

        /// <summary>Rate from the geometry of the moment (satellite links only).</summary>
        public double SatelliteRateBps { get; set; }

        public bool InPass { get; set; }

        public double PassSeconds { get; set; }

        public int Failures { get; set; }

        public double InterceptFraction { get; set; }

        public bool Quarantined { get; set; }

        public bool Excluded { get; set; }

        public double ExcludedSince { get; set; }

        public double DownSeconds { get; set; }

        public long Relays { get; set; }

        public long BlockedRequests { get; set; }

        /// <summary>QBER of the link's own physics (no eavesdropper), fraction; for a satellite link, at the last geometry step.</summary>
        public double BaseQber { get; set; }

        /// <summary>The device's misalignment error e_d, fraction.</summary>
        public double Misalignment { get; init; }
    }
}
