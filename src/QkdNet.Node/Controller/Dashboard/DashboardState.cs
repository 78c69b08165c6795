using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using QkdNet.Control.Health;
using QkdNet.Control.Topology;
using QkdNet.KeyManagement;

namespace QkdNet.Node.Controller.Dashboard;

/// <summary>
/// What the dashboard shows beyond <see cref="ControllerState"/>: each link's recent samples, what nodes report of their
/// relays, SAEs and simulated links, the attack drills operators asked for, and the audit of operators' actions; and a
/// change signal the server-sent events wait on. Thread-safe.
/// </summary>
public sealed partial class DashboardState
{
    /// <summary>Samples kept per link for the charts.</summary>
    public const int HistoryLength = 120;

    /// <summary>Operators' actions kept for the page (all are logged).</summary>
    public const int AuditLength = 20;

    private readonly ConcurrentDictionary<LinkId, Queue<LinkHistoryPoint>> _history = new();
    private readonly ConcurrentDictionary<KmeId, RelayActivityDto> _relays = new();
    private readonly ConcurrentDictionary<KmeId, IReadOnlyList<SaeUsageDto>> _saes = new();
    private readonly ConcurrentDictionary<LinkId, string?> _simulated = new();
    private readonly ConcurrentDictionary<LinkId, string?> _drills = new();
    private readonly Queue<DashboardAuditEntry> _audit = new();
    private readonly TimeProvider _time;
    private readonly ILogger<DashboardState> _logger;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version;

    /// <summary>Follows <paramref name="controller"/>'s link reports and alarms.</summary>
    public DashboardState(ControllerState controller, TimeProvider time, ILogger<DashboardState> logger)
    {
        ArgumentNullException.ThrowIfNull(controller);
        Controller = controller;
        _time = time;
        _logger = logger;
        controller.Monitor.ReportUpdated += r =>
        {
            if (r.LastSampleAt is { } at)
            {
                AddPoint(r.Link, new LinkHistoryPoint(at, r.Qber?.Fraction, r.SecretKeyRateBps, r.PoolFraction));
            }

            Changed();
        };
        controller.Monitor.AlarmRaised += _ => Changed();
        controller.Monitor.AlarmCleared += _ => Changed();
        controller.Monitor.StateChanged += _ => Changed();
    }

    /// <summary>The controller's state.</summary>
    public ControllerState Controller { get; }

    /// <summary>Increases with every change the page should see.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Keeps what <paramref name="node"/> reported besides link samples (each part only when sent).</summary>
    public void RecordActivity(KmeId node, NodeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        // a node is trusted to report its own activity, but not to fill the controller's memory: keep a bounded part
        if (report.Relays is { } relays)
        {
            _relays[node] = relays with
            {
                RecentRoutes = [.. (relays.RecentRoutes ?? []).TakeLast(MaxRoutes).Where(r => r is not null).Select(r => r with { Route = Truncated(r.Route) })],
                // links of the topology only, so the map stays as small as the topology
                OriginatedOver = (relays.OriginatedOver ?? new Dictionary<string, long>())
                    .Where(kv => LinkId.TryCreate(kv.Key, out LinkId id) && Controller.Settings.Topology.TryGetLink(id, out _) && kv.Value >= 0)
                    .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            };
        }

        if (report.Saes is { } saes)
        {
            _saes[node] = [.. saes.Where(s => s is not null && Controller.Settings.Topology.TryGetSae(SaeIdOrDefault(s.Sae), out var sae) && sae.Home == node).Take(MaxSaes)];
        }

        foreach (EavesdropperDto link in report.SimulatedLinks ?? [])
        {
            if (LinkId.TryCreate(link.Link, out LinkId id) && Controller.Settings.Topology.TryGetLink(id, out TopologyLink l) && l.Touches(node))
            {
                _simulated[id] = link.Eve;
            }
        }

        Changed();
    }

    /// <summary>The drills on the links of <paramref name="node"/>, for its routing push; null unless in development mode.</summary>
    public IReadOnlyList<EavesdropperDto>? DrillsFor(KmeId node)
    {
        if (!Controller.Settings.Development)
        {
            return null;
        }

        List<EavesdropperDto> mine = [.. _drills
            .Where(d => Controller.Settings.Topology.TryGetLink(d.Key, out TopologyLink l) && l.Touches(node))
            .OrderBy(d => d.Key.Value, StringComparer.Ordinal)
            .Select(d => new EavesdropperDto(d.Key.Value, d.Value))];
        return mine.Count == 0 ? null : mine;
    }

    /// <summary>Waits until <see cref="Version"/> passes <paramref name="seen"/>, or <paramref name="timeout"/> (a heartbeat), or cancellation.</summary>
    public async Task WaitForChangeAsync(long seen, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task changed = Volatile.Read(ref _changed).Task;
        if (Version != seen)
        {
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task delay = Task.Delay(timeout, _time, stop.Token);
        await Task.WhenAny(changed, delay).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private const int MaxRoutes = 10;
    private const int MaxSaes = 1000;

    private static string Truncated(string? route) => route is null ? string.Empty : route.Length <= 400 ? route : route[..400] + "...";

    private static SaeId SaeIdOrDefault(string? text) => SaeId.TryCreate(text, out SaeId id) ? id : default;

    private void AddPoint(LinkId link, LinkHistoryPoint point)
    {
        Queue<LinkHistoryPoint> points = _history.GetOrAdd(link, static _ => new Queue<LinkHistoryPoint>(HistoryLength));
        lock (points)
        {
            if (points.Count == HistoryLength)
            {
                points.Dequeue();
            }

            points.Enqueue(point);
        }
    }

    private IReadOnlyList<LinkHistoryPoint> HistoryOf(LinkId link)
    {
        if (!_history.TryGetValue(link, out Queue<LinkHistoryPoint>? points))
        {
            return [];
        }

        lock (points)
        {
            return [.. points];
        }
    }

    private void Changed()
    {
        Interlocked.Increment(ref _version);
        TaskCompletionSource fired = Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        fired.TrySetResult();
    }
}
