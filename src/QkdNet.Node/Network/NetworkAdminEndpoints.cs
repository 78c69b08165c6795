using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using QkdNet.KeyManagement;
using QkdNet.Node.Security;
using QkdNet.Node.Web;
using QkdNet.Quantum.Simulation;

namespace QkdNet.Node.Network;

/// <summary>
/// Operator routes of the network layer at a node (admin certificates only): switch an eavesdropper on a simulated
/// link (an attack drill), re-commission a link halted by a failed Wegman-Carter tag, and <c>/metrics</c> in
/// Prometheus text format. Every change is audited (an <c>AUDIT</c> log line naming the admin).
/// </summary>
public static partial class NetworkAdminEndpoints
{
    /// <summary>Maps <c>POST /admin/v1/links/{link}/eavesdropper</c>, <c>POST /admin/v1/links/{link}/recommission</c> and <c>GET /metrics</c>.</summary>
    public static IEndpointRouteBuilder MapNetworkAdmin(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/admin/v1/links/{link}/eavesdropper", SetEavesdropper);
        routes.MapPost("/admin/v1/links/{link}/recommission", RecommissionAsync);
        routes.MapGet("/metrics", Metrics);
        return routes;
    }

    internal static Results<Ok<EavesdropperAnswer>, ProblemHttpResult> SetEavesdropper(
        string link, EavesdropperRequest body, HttpContext context, LinkRegistry links, CallerResolver callers, ILoggerFactory loggers)
    {
        Caller caller = callers.Resolve(context);
        if (caller.Kind != CallerKind.Admin)
        {
            return TypedResults.Problem("Only an admin certificate may switch an eavesdropper.", statusCode: StatusCodes.Status403Forbidden);
        }

        if (!LinkId.TryCreate(link, out LinkId id))
        {
            return TypedResults.Problem("The link ID is malformed.", statusCode: StatusCodes.Status400BadRequest);
        }

        Eavesdropper? eve = null;
        if (body.Eve is { } text && !string.Equals(text, "none", StringComparison.OrdinalIgnoreCase))
        {
            Result<Eavesdropper> parsed = Eavesdropper.Parse(text);
            if (!parsed.IsSuccess)
            {
                return TypedResults.Problem(parsed.Error, statusCode: StatusCodes.Status400BadRequest);
            }

            eve = parsed.Value;
        }

        Result<bool> set = links.SetEavesdropper(id, eve);
        if (!set.IsSuccess)
        {
            return TypedResults.Problem(set.Error, statusCode: StatusCodes.Status404NotFound);
        }

        LogEavesdropper(loggers.CreateLogger(typeof(NetworkAdminEndpoints).FullName!), id.Value, eve?.ToString() ?? "none", caller.Name);
        return TypedResults.Ok(new EavesdropperAnswer(id.Value, eve?.ToString()));
    }

    internal static async Task<Results<Ok<RecommissionAnswer>, ProblemHttpResult>> RecommissionAsync(
        string link, HttpContext context, LinkRegistry links, CallerResolver callers, ILoggerFactory loggers)
    {
        Caller caller = callers.Resolve(context);
        if (caller.Kind != CallerKind.Admin)
        {
            return TypedResults.Problem("Only an admin certificate may re-commission a link.", statusCode: StatusCodes.Status403Forbidden);
        }

        if (!LinkId.TryCreate(link, out LinkId id))
        {
            return TypedResults.Problem("The link ID is malformed.", statusCode: StatusCodes.Status400BadRequest);
        }

        Result<bool> done = await links.RecommissionAsync(id, context.RequestAborted).ConfigureAwait(false);
        if (!done.IsSuccess)
        {
            return TypedResults.Problem(done.Error, statusCode: StatusCodes.Status404NotFound);
        }

        LogRecommissioned(loggers.CreateLogger(typeof(NetworkAdminEndpoints).FullName!), id.Value, caller.Name, done.Value);
        return TypedResults.Ok(new RecommissionAnswer(id.Value, done.Value));
    }

    internal static async Task<Results<ContentHttpResult, ProblemHttpResult>> Metrics(HttpContext context, NodeMetrics metrics, CallerResolver callers)
    {
        if (callers.Resolve(context).Kind is not (CallerKind.Admin or CallerKind.PeerKme))
        {
            return TypedResults.Problem("Only an admin or peer certificate may read metrics.", statusCode: StatusCodes.Status403Forbidden);
        }

        return TypedResults.Text(await metrics.RenderAsync(context.RequestAborted).ConfigureAwait(false), PrometheusExporter.ContentType);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "AUDIT link {Link}: eavesdropper set to {Eve} by {Admin}.")]
    private static partial void LogEavesdropper(ILogger logger, string link, string eve, string admin);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AUDIT link {Link}: re-commissioned with fresh authentication keys by {Admin} (it was halted by a failed tag: {WasHalted}).")]
    private static partial void LogRecommissioned(ILogger logger, string link, string admin, bool wasHalted);
}

/// <summary>The body of the eavesdropper route: <c>intercept-resend:FRACTION</c>, <c>pns</c>, or <c>none</c>/null to stop.</summary>
public sealed record EavesdropperRequest([property: JsonPropertyName("eve")] string? Eve);

/// <summary>The answer: the link and its eavesdropper now (null: none).</summary>
public sealed record EavesdropperAnswer([property: JsonPropertyName("link")] string Link, [property: JsonPropertyName("eve")] string? Eve);

/// <summary>The answer of the re-commission route: the link, and whether it had been halted by a failed Wegman-Carter tag.</summary>
public sealed record RecommissionAnswer([property: JsonPropertyName("link")] string Link, [property: JsonPropertyName("was_halted")] bool WasHalted);
