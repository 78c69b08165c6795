using QkdNet.Control.Health;
using QkdNet.Control.Topology;
using QkdNet.KeyManagement;

namespace QkdNet.Node.Controller.Dashboard;

/// <summary>The page's snapshot.</summary>
public sealed partial class DashboardState
{
    /// <summary>Everything the page draws, for a caller of <paramref name="role"/> named <paramref name="caller"/>.</summary>
    public DashboardView View(DashboardRole role, string caller)
    {
        ControllerSettings settings = Controller.Settings;
        NetworkTopology topology = settings.Topology;
        Controller.Monitor.CheckStale();
        var reports = Controller.Monitor.Reports().ToDictionary(r => r.Link);
        DashboardAuditEntry[] audit;
        lock (_audit)
        {
            audit = [.. _audit.Reverse()];
        }

        return new DashboardView(
            topology.Name,
            role.ToString().ToLowerInvariant(),
            caller,
            settings.Development,
            _time.GetUtcNow(),
            Controller.Routes.Current.Version,
            [.. topology.Nodes.Select(n => new DashboardNode(n.Id.Value, n.Name, n.Site, n.Position?.LatitudeDegrees, n.Position?.LongitudeDegrees,
                Controller.LastSeen.TryGetValue(n.Id, out DateTimeOffset at) ? at : null))],
            [.. topology.Links.Select(l => Link(l, reports[l.Id]))],
            [.. Controller.Monitor.ActiveAlarms().Select(a => new AlarmView(a.Id, a.Link.Value, a.Kind.ToString(), a.Severity.ToString(), a.Message, a.RaisedAt))],
            [.. _relays.OrderBy(r => r.Key.Value, StringComparer.Ordinal).Select(r => new DashboardRelays(r.Key.Value, r.Value.InFlight, r.Value.Originated, r.Value.Failures, r.Value.RecentRoutes, r.Value.OriginatedOver ?? new Dictionary<string, long>()))],
            [.. _saes.OrderBy(s => s.Key.Value, StringComparer.Ordinal).SelectMany(s => s.Value.Select(u => new DashboardSae(s.Key.Value, u.Sae, u.KeysAsMaster, u.KeysAsSlave, u.Bits)))],
            audit);
    }

    private DashboardLink Link(TopologyLink link, LinkHealthReport report) => new(
        link.Id.Value, link.A.Value, link.B.Value, report.State.ToString().ToLowerInvariant(), report.Qber?.Fraction, link.QberThreshold,
        report.SecretKeyRateBps, report.PoolFraction, report.QuarantinedBy, _simulated.ContainsKey(link.Id), _simulated.GetValueOrDefault(link.Id), HistoryOf(link.Id));
}
