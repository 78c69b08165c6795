using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using QkdNet.Control.Health;
using QkdNet.Control.Routing;
using QkdNet.KeyManagement;

namespace QkdNet.Node.Controller;

/// <summary>
/// The controller's view of the network: link health (<see cref="LinkHealthMonitor"/>: quarantine on QBER, alarms,
/// recovery), the routing snapshot it derives (<see cref="RoutingTable"/>) and pushes to nodes, and when each node
/// last reported. Thread-safe.
/// </summary>
public sealed partial class ControllerState
{
    private readonly ConcurrentDictionary<KmeId, DateTimeOffset> _lastSeen = new();
    private readonly TimeProvider _time;

    /// <summary>Builds the state for <paramref name="settings"/>; alarms and state changes are logged.</summary>
    public ControllerState(ControllerSettings settings, TimeProvider time, ILogger<ControllerState> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _time = time;
        Settings = settings;
        Monitor = new LinkHealthMonitor(settings.Topology, settings.Health, time);
        Routes = new RoutingTable(settings.Topology);
        Monitor.ReportUpdated += r => Routes.Update(r.ToLinkState());
        Monitor.AlarmRaised += a => LogAlarm(logger, a.Severity.ToString(), a.Kind.ToString(), a.Link.Value, a.Message);
        Monitor.AlarmCleared += a => LogAlarmCleared(logger, a.Kind.ToString(), a.Link.Value);
        Monitor.StateChanged += r => LogState(logger, r.Link.Value, r.State.ToString());
    }

    /// <summary>The settings.</summary>
    public ControllerSettings Settings { get; }

    /// <summary>Link health and alarms.</summary>
    public LinkHealthMonitor Monitor { get; }

    /// <summary>The routes pushed to nodes.</summary>
    public RoutingTable Routes { get; }

    /// <summary>When each node last reported.</summary>
    public IReadOnlyDictionary<KmeId, DateTimeOffset> LastSeen => _lastSeen;

    /// <summary>Records that <paramref name="node"/> reported now.</summary>
    public void Seen(KmeId node) => _lastSeen[node] = _time.GetUtcNow();

    /// <summary>The snapshot nodes relay over, on the wire.</summary>
    public RoutingPush Push()
    {
        NetworkSnapshot s = Routes.Current;
        return new RoutingPush(s.Version, [.. s.LinkStates.Values.OrderBy(l => l.Link.Value, StringComparer.Ordinal)
            .Select(l => new LinkStateDto(l.Link.Value, l.PoolFraction, l.SecretKeyRateBps, l.Quarantined))]);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ALARM {Severity} {Kind} on link {Link}: {Message}")]
    private static partial void LogAlarm(ILogger logger, string severity, string kind, string link, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alarm {Kind} on link {Link} cleared.")]
    private static partial void LogAlarmCleared(ILogger logger, string kind, string link);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Link {Link} is now {State}; routes pushed to nodes follow.")]
    private static partial void LogState(ILogger logger, string link, string state);
}
