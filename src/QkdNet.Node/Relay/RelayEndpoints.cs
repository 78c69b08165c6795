using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using QkdNet.Node.Security;

namespace QkdNet.Node.Relay;

/// <summary>The relay route of Kx: only a peer KME (by its client certificate) may call it. ProblemDetails on errors.</summary>
public static class RelayEndpoints
{
    /// <summary>Maps <c>POST /kx/v1/relay</c> and <c>POST /kx/v1/relay/pads</c> when the node has a network section (nothing otherwise).</summary>
    public static IEndpointRouteBuilder MapRelay(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        if (routes.ServiceProvider.GetService<RelayService>() is not null)
        {
            routes.MapPost("/kx/v1/relay", RelayAsync);
            routes.MapPost("/kx/v1/relay/pads", PadsAsync);
        }

        return routes;
    }

    internal static async Task<Results<Ok<KxRelayAnswer>, Accepted<KxRelayAnswer>, ProblemHttpResult>> RelayAsync(
        KxRelayRequest body, HttpContext context, RelayService relay, CallerResolver callers)
    {
        Caller caller = callers.Resolve(context);
        if (caller.Kind != CallerKind.PeerKme)
        {
            return TypedResults.Problem("Only a neighbouring KME may relay.", statusCode: StatusCodes.Status403Forbidden);
        }

        RelayHopOutcome outcome = await relay.ReceiveAsync(caller.Kme, body, context.RequestAborted).ConfigureAwait(false);
        return outcome.StatusCode switch
        {
            StatusCodes.Status200OK => TypedResults.Ok(new KxRelayAnswer(Stored: true, outcome.Confirmation)),
            StatusCodes.Status202Accepted => TypedResults.Accepted((string?)null, new KxRelayAnswer(Stored: false)),
            _ => TypedResults.Problem(outcome.Detail, statusCode: outcome.StatusCode),
        };
    }

    internal static async Task<Results<Ok<KxRelayPadsAnswer>, ProblemHttpResult>> PadsAsync(
        KxRelayPads body, HttpContext context, RelayService relay, CallerResolver callers)
    {
        Caller caller = callers.Resolve(context);
        if (caller.Kind != CallerKind.PeerKme)
        {
            return TypedResults.Problem("Only a neighbouring KME may provision pads.", statusCode: StatusCodes.Status403Forbidden);
        }

        RelayHopOutcome outcome = await relay.ReceivePadsAsync(caller.Kme, body, context.RequestAborted).ConfigureAwait(false);
        return outcome.StatusCode == StatusCodes.Status200OK
            ? TypedResults.Ok(new KxRelayPadsAnswer(outcome.Pads))
            : TypedResults.Problem(outcome.Detail, statusCode: outcome.StatusCode);
    }
}
