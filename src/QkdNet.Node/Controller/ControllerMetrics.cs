using System.Diagnostics.Metrics;
using QkdNet.Control.Metrics;
using QkdNet.Node.Web;

namespace QkdNet.Node.Controller;

/// <summary>
/// The controller's metrics: link health and alarms from its monitor, the nodes reporting and the routing snapshot's
/// version, as instruments of the controller's own meter, served at <c>/metrics</c> by a <see cref="PrometheusExporter"/>.
/// </summary>
public sealed class ControllerMetrics : IDisposable
{
    /// <summary>The name of the controller's meter.</summary>
    public const string MeterName = "QkdNet.Controller";

    private readonly Meter _meter = new(MeterName);
    private readonly PrometheusExporter _exporter;
    private readonly ControllerState _state;

    /// <summary>The metrics of <paramref name="state"/>.</summary>
    public ControllerMetrics(ControllerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _state = state;
        _exporter = new PrometheusExporter(_meter);
        ControlMetrics.AddLinkHealth(_meter, state.Monitor.Reports, state.Monitor.ActiveAlarms);
        _meter.CreateObservableGauge("qkdnet_controller_nodes_reporting", () => (double)state.LastSeen.Count, description: "Nodes that have reported at least once.");
        _meter.CreateObservableGauge("qkdnet_routing_snapshot_version", () => (double)state.Routes.Current.Version, description: "Version of the routing snapshot pushed to nodes.");
    }

    /// <summary>The Prometheus text exposition, after marking nodes that stopped reporting as stale.</summary>
    public Task<string> RenderAsync(CancellationToken cancellationToken = default)
    {
        _state.Monitor.CheckStale();
        return _exporter.RenderAsync(cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _exporter.Dispose();
        _meter.Dispose();
    }
}
