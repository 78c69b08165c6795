using Microsoft.Extensions.Logging;
using QkdNet.Control.Health;
using QkdNet.Control.Topology;
using QkdNet.KeyManagement;
using QkdNet.Quantum.Simulation;

namespace QkdNet.Node.Controller.Dashboard;

/// <summary>Operators' actions: each checked, applied, logged as an <c>AUDIT</c> line and kept for the page.</summary>
public sealed partial class DashboardState
{
    /// <summary>Quarantines <paramref name="link"/> by hand (<see cref="LinkHealthMonitor.QuarantineByOperator"/>).</summary>
    public Result<DashboardActionAnswer> Quarantine(LinkId link, string admin)
    {
        Result<LinkHealthReport> done = Controller.Monitor.QuarantineByOperator(link, admin);
        return done.IsSuccess ? Audited(admin, "quarantine", done.Value) : Result<DashboardActionAnswer>.Fail(done.Error!);
    }

    /// <summary>Lifts an operator's quarantine of <paramref name="link"/> (<see cref="LinkHealthMonitor.RestoreByOperator"/>).</summary>
    public Result<DashboardActionAnswer> Restore(LinkId link, string admin)
    {
        Result<LinkHealthReport> done = Controller.Monitor.RestoreByOperator(link);
        return done.IsSuccess ? Audited(admin, "restore", done.Value) : Result<DashboardActionAnswer>.Fail(done.Error!);
    }

    /// <summary>
    /// Asks for <paramref name="eve"/> (null: none) on the simulated link <paramref name="link"/>: handed to its nodes with
    /// their next routing push. Fails outside development mode and for a link no node reported as simulated.
    /// </summary>
    public Result<DashboardActionAnswer> SetDrill(LinkId link, Eavesdropper? eve, string admin)
    {
        if (!Controller.Settings.Development)
        {
            return Result<DashboardActionAnswer>.Fail("attack drills need a controller in development mode (qkdnet controller --development).");
        }

        if (!Controller.Settings.Topology.TryGetLink(link, out TopologyLink _))
        {
            return Result<DashboardActionAnswer>.Fail($"unknown link '{link}'.");
        }

        if (!_simulated.ContainsKey(link))
        {
            return Result<DashboardActionAnswer>.Fail($"no node reported a simulated source for link '{link}': only a simulated link can be attacked.");
        }

        string? text = eve?.ToString();
        _drills[link] = text;
        Controller.Monitor.TryGetReport(link, out LinkHealthReport report);
        return Audited(admin, text is null ? "attack off" : "attack " + text, report);
    }

    private DashboardActionAnswer Audited(string admin, string action, LinkHealthReport report)
    {
        DateTimeOffset now = _time.GetUtcNow();
        lock (_audit)
        {
            if (_audit.Count == AuditLength)
            {
                _audit.Dequeue();
            }

            _audit.Enqueue(new DashboardAuditEntry(now, admin, action, report.Link.Value));
        }

        LogAction(_logger, report.Link.Value, action, admin);
        Changed();
        return new DashboardActionAnswer(report.Link.Value, report.State.ToString().ToLowerInvariant(), report.QuarantinedBy, _drills.GetValueOrDefault(report.Link));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "AUDIT link {Link}: {Action} by {Admin} (dashboard).")]
    private static partial void LogAction(ILogger logger, string link, string action, string admin);
}
