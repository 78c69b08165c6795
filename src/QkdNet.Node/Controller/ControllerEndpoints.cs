using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using QkdNet.Control.Health;
using QkdNet.Control.Topology;
using QkdNet.KeyManagement;
using QkdNet.Quantum;
using QkdNet.Node.Controller.Dashboard;
using QkdNet.Node.Security;
using QkdNet.Node.Web;

namespace QkdNet.Node.Controller;

/// <summary>
/// The controller's routes: nodes report link health and get the routing snapshot back; operators read a JSON health
/// view and Prometheus metrics. Every caller holds a certificate chained to the CA (checked in the TLS handshake);
/// a report must come from the node it names (certificate common name) and only about that node's links; the health
/// view and the metrics are for the nodes and the admins pinned in <see cref="ControllerSettings.Admins"/>.
/// </summary>
public static class ControllerEndpoints
{
    /// <summary>Maps <c>POST /controller/v1/reports</c>, <c>GET /controller/v1/health</c> and <c>GET /metrics</c>.</summary>
    public static IEndpointRouteBuilder MapController(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/controller/v1/reports", Report);
        routes.MapGet("/controller/v1/health", Health);
        routes.MapGet("/metrics", Metrics);
        return routes;
    }

    internal static Results<Ok<RoutingPush>, ProblemHttpResult> Report(NodeReport body, HttpContext context, ControllerState state, DashboardState dashboard)
    {
        string caller = context.Connection.ClientCertificate is { } c ? TrustAnchor.CommonName(c) : string.Empty;
        NetworkTopology topology = state.Settings.Topology;
        if (!KmeId.TryCreate(body.Node, out KmeId node) || !string.Equals(caller, node.Value, StringComparison.Ordinal) || !topology.ContainsNode(node))
        {
            return TypedResults.Problem("Only a node of the topology may report, and only for itself.", statusCode: StatusCodes.Status403Forbidden);
        }

        var samples = new List<LinkHealthSample>();
        foreach (LinkSampleDto s in body.Samples ?? [])
        {
            Qber? qber = s?.Qber is double q && Qber.TryCreate(q, out Qber measured) ? measured : null;
            if (s is null || !LinkId.TryCreate(s.Link, out LinkId link) || !topology.TryGetLink(link, out TopologyLink l) || !l.Touches(node)
                || (s.Qber is not null && qber is null) || !double.IsFinite(s.SecretKeyRateBps) || s.SecretKeyRateBps < 0 || s.PoolBits < 0 || s.PoolCapacityBits <= 0)
            {
                return TypedResults.Problem($"A sample names a link node '{node}' is not an end of, or holds a value out of range.", statusCode: StatusCodes.Status400BadRequest);
            }

            // No QBER (null) is no estimate, which the monitor counts as above the threshold.
            samples.Add(new LinkHealthSample(link, qber, s.SecretKeyRateBps, s.PoolBits, s.PoolCapacityBits, s.BlockAborted, s.AbortReason, s.AuthenticationFailed));
        }

        state.Seen(node);
        foreach (LinkHealthSample sample in samples)
        {
            state.Monitor.Record(sample);
        }

        dashboard.RecordActivity(node, body);
        return TypedResults.Ok(state.Push() with { Drills = dashboard.DrillsFor(node) });
    }

    internal static Results<Ok<HealthView>, ProblemHttpResult> Health(HttpContext context, ControllerState state)
    {
        if (!IsNodeOrAdmin(context, state.Settings))
        {
            return NotNodeOrAdmin();
        }

        state.Monitor.CheckStale();
        return TypedResults.Ok(new HealthView(
            state.Settings.Topology.Name,
            state.Routes.Current.Version,
            [.. state.Settings.Topology.Nodes.Select(n => new NodeView(n.Id.Value, state.LastSeen.TryGetValue(n.Id, out DateTimeOffset at) ? at : null))],
            [.. state.Monitor.Reports().Select(r => new LinkView(r.Link.Value, r.State.ToString().ToLowerInvariant(), r.Qber?.Fraction, r.SecretKeyRateBps, r.PoolFraction, r.Samples, r.AbortedBlocks))],
            [.. state.Monitor.ActiveAlarms().Select(a => new AlarmView(a.Id, a.Link.Value, a.Kind.ToString(), a.Severity.ToString(), a.Message, a.RaisedAt))]));
    }

    internal static async Task<Results<ContentHttpResult, ProblemHttpResult>> Metrics(HttpContext context, ControllerState state, ControllerMetrics metrics)
    {
        if (!IsNodeOrAdmin(context, state.Settings))
        {
            return NotNodeOrAdmin();
        }

        return TypedResults.Text(await metrics.RenderAsync(context.RequestAborted).ConfigureAwait(false), PrometheusExporter.ContentType);
    }

    /// <summary>
    /// Whether the caller is a node of the topology (by certificate name, as for reports) or an admin of the settings
    /// (name and pinned certificate): any other certificate of the CA, an SAE's say, reads nothing here.
    /// </summary>
    private static bool IsNodeOrAdmin(HttpContext context, ControllerSettings settings)
    {
        if (context.Connection.ClientCertificate is not { } certificate)
        {
            return false;
        }

        string name = TrustAnchor.CommonName(certificate);
        return (KmeId.TryCreate(name, out KmeId node) && settings.Topology.ContainsNode(node))
            || settings.Admins.Any(a => string.Equals(a.Name, name, StringComparison.Ordinal) && CallerResolver.Matches(certificate, a.CertificateSha256));
    }

    private static ProblemHttpResult NotNodeOrAdmin() =>
        TypedResults.Problem("Only a node of the topology or a configured admin (by pinned certificate) may read the controller's state.", statusCode: StatusCodes.Status403Forbidden);
}

/// <summary>The controller's JSON health view.</summary>
public sealed record HealthView(
    [property: JsonPropertyName("network")] string Network,
    [property: JsonPropertyName("routing_version")] long RoutingVersion,
    [property: JsonPropertyName("nodes")] IReadOnlyList<NodeView> Nodes,
    [property: JsonPropertyName("links")] IReadOnlyList<LinkView> Links,
    [property: JsonPropertyName("alarms")] IReadOnlyList<AlarmView> Alarms);

/// <summary>A node and when it last reported (null: never).</summary>
public sealed record NodeView([property: JsonPropertyName("id")] string Id, [property: JsonPropertyName("last_report")] DateTimeOffset? LastReport);

/// <summary>A link's health.</summary>
public sealed record LinkView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("qber")] double? Qber,
    [property: JsonPropertyName("secret_key_rate_bps")] double SecretKeyRateBps,
    [property: JsonPropertyName("pool_fraction")] double PoolFraction,
    [property: JsonPropertyName("samples")] long Samples,
    [property: JsonPropertyName("aborted_blocks")] long AbortedBlocks);

/// <summary>An active alarm.</summary>
public sealed record AlarmView(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("link")] string Link,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("raised_at")] DateTimeOffset RaisedAt);
