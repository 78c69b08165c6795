using System.Collections.Concurrent;
using System.Collections.Immutable;
using QkdNet.Control.Topology;
using QkdNet.KeyManagement;

namespace QkdNet.Control.Routing;

/// <summary>
/// An immutable view of the network at one moment: the topology and every link's state. Route
/// queries build the weighted graph once per snapshot and cache single-path answers. Thread-safe.
/// </summary>
public sealed class NetworkSnapshot
{
    private readonly Lazy<RoutingGraph> _graph;
    private readonly ConcurrentDictionary<(KmeId, KmeId), Result<Route>> _routes = new();
    private readonly ConcurrentDictionary<KmeId, Result<ShortestPathTree>> _trees = new();

    private NetworkSnapshot(NetworkTopology topology, ImmutableDictionary<LinkId, LinkState> states, RoutingWeights weights, long version)
    {
        Topology = topology;
        LinkStates = states;
        Weights = weights;
        Version = version;
        _graph = new Lazy<RoutingGraph>(() => new RoutingGraph(topology, states, weights), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The network.</summary>
    public NetworkTopology Topology { get; }

    /// <summary>Every link's state, keyed by link.</summary>
    public ImmutableDictionary<LinkId, LinkState> LinkStates { get; }

    /// <summary>How link states become weights.</summary>
    public RoutingWeights Weights { get; }

    /// <summary>Increases by one with each change; 0 for the initial snapshot.</summary>
    public long Version { get; }

    /// <summary>
    /// The first snapshot: every link's pool full and its rate the physics' expected secret key rate
    /// (<see cref="LinkPhysics.ExpectedSecretKeyRateBps"/>) times its speed-up, nothing quarantined.
    /// </summary>
    public static NetworkSnapshot Initial(NetworkTopology topology, RoutingWeights? weights = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var states = topology.Links.ToImmutableDictionary(
            l => l.Id, l => new LinkState(l.Id, 1, l.Physics.ExpectedSecretKeyRateBps() * l.SpeedUp, Quarantined: false));
        return new NetworkSnapshot(topology, states, weights ?? RoutingWeights.Default, 0);
    }

    /// <summary>A new snapshot with <paramref name="states"/> applied; fails (and changes nothing) on an unknown link.</summary>
    public Result<NetworkSnapshot> With(params IEnumerable<LinkState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        ImmutableDictionary<LinkId, LinkState>.Builder builder = LinkStates.ToBuilder();
        foreach (LinkState s in states)
        {
            if (!builder.ContainsKey(s.Link))
            {
                return Result<NetworkSnapshot>.Fail($"unknown link '{s.Link}'.");
            }

            builder[s.Link] = s;
        }

        return new NetworkSnapshot(Topology, builder.ToImmutable(), Weights, Version + 1);
    }

    /// <summary>The least-weight path from <paramref name="from"/> to <paramref name="to"/> over links not quarantined.</summary>
    public Result<Route> FindRoute(KmeId from, KmeId to) =>
        _routes.GetOrAdd((from, to), static (key, self) => self.Compute(key.Item1, key.Item2), this);

    /// <summary>
    /// Every least-weight route out of <paramref name="from"/> (the same routes as <see cref="FindRoute"/>), from one
    /// search cached with this snapshot: cheaper than <see cref="FindRoute"/> when many destinations are asked for.
    /// </summary>
    public Result<ShortestPathTree> RoutesFrom(KmeId from) =>
        _trees.GetOrAdd(from, static (key, self) => self._graph.Value.TryIndex(key, out int s)
            ? new ShortestPathTree(self._graph.Value, s)
            : Result<ShortestPathTree>.Fail($"unknown node '{key}'."), this);

    /// <summary>
    /// <paramref name="count"/> paths from <paramref name="from"/> to <paramref name="to"/> sharing no
    /// intermediate node and no link, of least total weight; fails when fewer exist.
    /// </summary>
    public Result<MultipathRoute> FindDisjointRoutes(KmeId from, KmeId to, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        string? error = Endpoints(from, to, out int s, out int t);
        return error is null ? DisjointPaths.Find(_graph.Value, s, t, count) : Result<MultipathRoute>.Fail(error);
    }

    private Result<Route> Compute(KmeId from, KmeId to)
    {
        string? error = Endpoints(from, to, out int s, out int t);
        return error is null ? ShortestPath.Find(_graph.Value, s, t) : Result<Route>.Fail(error);
    }

    private string? Endpoints(KmeId from, KmeId to, out int s, out int t)
    {
        t = -1;
        if (!_graph.Value.TryIndex(from, out s))
        {
            return $"unknown node '{from}'.";
        }

        if (!_graph.Value.TryIndex(to, out t))
        {
            return $"unknown node '{to}'.";
        }

        return s == t ? $"origin and destination are the same node '{from}'." : null;
    }
}
