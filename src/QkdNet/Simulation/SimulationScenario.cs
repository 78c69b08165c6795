using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;

namespace QkdNet.Simulation;

/// <summary>How a link's key reaches its pool.</summary>
public enum KeyArrivalMode
{
    /// <summary>Continuously, at the model's rate (the limit of many small blocks).</summary>
    Fluid = 0,

    /// <summary>In blocks of <see cref="SimulationScenario.BlockBits"/>, completed as a Poisson process of mean rate = key rate / block size.</summary>
    PoissonBlocks = 1,
}

/// <summary>
/// Everything a run needs besides the topology: users and their demand, pool sizing, routing and control periods,
/// faults and satellites. Immutable; <see cref="ScenarioReader"/> validates a file's <c>simulation</c> section into one.
/// </summary>
public sealed record SimulationScenario
{
    /// <summary>Number of users (SAEs) placed on nodes by population weight.</summary>
    public int Users { get; init; } = 10_000;

    /// <summary>Simulated time in hours.</summary>
    public double Hours { get; init; } = 24;

    /// <summary>The users' requests.</summary>
    public DemandModel Demand { get; init; } = DemandModel.Default;

    /// <summary>Population weight of each node (nodes not listed weigh <see cref="DefaultWeight"/>).</summary>
    public IReadOnlyDictionary<KmeId, double> Weights { get; init; } = new Dictionary<KmeId, double>();

    /// <summary>Weight of a node the scenario does not list.</summary>
    public double DefaultWeight { get; init; } = 1;

    /// <summary>Region of each node, for the national / intercontinental split (nodes not listed: region "default").</summary>
    public IReadOnlyDictionary<KmeId, string> Regions { get; init; } = new Dictionary<KmeId, string>();

    /// <summary>Sizing of every link's pool (the key store's rules: watermarks and capacity).</summary>
    public PoolOptions Pool { get; init; } = new(256, 1L << 20, 4L << 20, 16L << 20);

    /// <summary>Level of every pool at time 0, as a fraction of its capacity.</summary>
    public double InitialPoolFraction { get; init; } = 0.5;

    /// <summary>How key reaches the pools.</summary>
    public KeyArrivalMode KeyArrivals { get; init; } = KeyArrivalMode.Fluid;

    /// <summary>Block size in bits for <see cref="KeyArrivalMode.PoissonBlocks"/>, and for the finite-key rate when <see cref="FiniteKey"/>.</summary>
    public double BlockBits { get; init; } = 1e6;

    /// <summary>Whether links make key at the finite-key rate of <see cref="BlockBits"/> (else the asymptotic rate).</summary>
    public bool FiniteKey { get; init; }

    /// <summary>Node-disjoint paths per relay (1: single path; k &gt; 1: the key is XOR-split over k paths).</summary>
    public int Multipath { get; init; } = 1;

    /// <summary>Seconds between link-health samples to the controller's monitor.</summary>
    public double ControlIntervalSeconds { get; init; } = 60;

    /// <summary>Seconds between routing snapshots (key-aware weights from the pool levels); faults reroute at once.</summary>
    public double RoutingRefreshSeconds { get; init; } = 300;

    /// <summary>Seconds between samples of pool levels and blocking for the report.</summary>
    public double SampleIntervalSeconds { get; init; } = 900;

    /// <summary>Mean time between random failures of a link, in hours (0: no random failures).</summary>
    public double LinkMtbfHours { get; init; }

    /// <summary>Mean time to repair a link, in hours.</summary>
    public double LinkMttrHours { get; init; } = 8;

    /// <summary>Faults at fixed times.</summary>
    public IReadOnlyList<ScheduledEvent> Events { get; init; } = [];

    /// <summary>Satellites (each a trusted node whose links make key only during passes).</summary>
    public IReadOnlyList<SatelliteOrbit> Satellites { get; init; } = [];

    /// <summary>Seconds between geometry updates of a satellite's links.</summary>
    public double SatelliteStepSeconds { get; init; } = 10;

    /// <summary>The defaults.</summary>
    public static SimulationScenario Default { get; } = new();
}
