using QkdNet.Control.Health;
using QkdNet.Control.Topology;
using QkdNet.KeyManagement;

namespace QkdNet.Control.Routing;

/// <summary>
/// The current routes of a network. Link state updates replace the immutable
/// <see cref="NetworkSnapshot"/> atomically, so routes are recomputed after each change and readers
/// never see a half-applied update. Thread-safe: reads are lock-free, writes are serialised.
/// </summary>
public sealed class RoutingTable
{
    private readonly Lock _writeLock = new();
    private NetworkSnapshot _current;

    /// <summary>Starts from <see cref="NetworkSnapshot.Initial"/>.</summary>
    public RoutingTable(NetworkTopology topology, RoutingWeights? weights = null) =>
        _current = NetworkSnapshot.Initial(topology, weights);

    /// <summary>Raised after each change with the new snapshot (on the updating thread).</summary>
    public event Action<NetworkSnapshot>? Changed;

    /// <summary>The latest snapshot.</summary>
    public NetworkSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Applies new link states as one change; fails on an unknown link and then changes nothing.</summary>
    public Result<NetworkSnapshot> Update(params IEnumerable<LinkState> states)
    {
        Result<NetworkSnapshot> next;
        lock (_writeLock)
        {
            next = _current.With(states);
            if (!next.IsSuccess)
            {
                return next;
            }

            Volatile.Write(ref _current, next.Value);
        }

        Changed?.Invoke(next.Value);
        return next;
    }

    /// <summary>
    /// Keeps this table in step with <paramref name="monitor"/>: every report it publishes becomes a
    /// link-state update (a quarantine reroutes at once). Dispose the result to stop following.
    /// </summary>
    public IDisposable Follow(LinkHealthMonitor monitor)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        Update(monitor.Reports().Select(r => r.ToLinkState()));
        Action<LinkHealthReport> handler = r => Update(r.ToLinkState());
        monitor.ReportUpdated += handler;
        monitor.StateChanged += handler;
        return new Subscription(() =>
        {
            monitor.ReportUpdated -= handler;
            monitor.StateChanged -= handler;
        });
    }

    /// <summary>The least-weight path in the current snapshot (see <see cref="NetworkSnapshot.FindRoute"/>).</summary>
    public Result<Route> FindRoute(KmeId from, KmeId to) => Current.FindRoute(from, to);

    /// <summary>Node-disjoint paths in the current snapshot (see <see cref="NetworkSnapshot.FindDisjointRoutes"/>).</summary>
    public Result<MultipathRoute> FindDisjointRoutes(KmeId from, KmeId to, int count) => Current.FindDisjointRoutes(from, to, count);

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
