using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Relay;
using QkdNet.Node.Kx;
using QkdNet.Node.Security;

namespace QkdNet.Node.Relay;

/// <summary>The relay route of Kx: only a peer KME (by its client certificate) may call it. ProblemDetails on errors.</summary>
public static class RelayEndpoints
{
    /// <summary>The status of a hop whose pad keys the receiver does not hold: the two ends' pad stocks disagree (the receiver restarted), so the sender drops its stock.</summary>
    public const int PadsOutOfSyncStatus = StatusCodes.Status412PreconditionFailed;

    /// <summary>Maps <c>POST /kx/v1/relay</c> and <c>POST /kx/v1/relay/pads</c> when the node has a network section (nothing otherwise).</summary>
    public static IEndpointRouteBuilder MapRelay(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        if (routes.ServiceProvider.GetService<KeyRelay>() is not null)
        {
            routes.MapPost("/kx/v1/relay", RelayAsync);
            routes.MapPost("/kx/v1/relay/pads", PadsAsync);
        }

        return routes;
    }

    internal static async Task<Results<Ok<KxRelayAnswer>, Accepted<KxRelayAnswer>, ProblemHttpResult>> RelayAsync(
        KxRelayRequest body, HttpContext context, KeyRelay relay, CallerResolver callers)
    {
        Caller caller = callers.Resolve(context);
        if (caller.Kind != CallerKind.PeerKme)
        {
            return TypedResults.Problem("Only a neighbouring KME may relay.", statusCode: StatusCodes.Status403Forbidden);
        }

        RelayHopOutcome outcome = await relay.ReceiveAsync(caller.Kme, body.Link, body.Message, context.RequestAborted).ConfigureAwait(false);
        return outcome.Status switch
        {
            RelayHopStatus.Stored => TypedResults.Ok(new KxRelayAnswer(Stored: true, outcome.Confirmation)),
            RelayHopStatus.Pending => TypedResults.Accepted((string?)null, new KxRelayAnswer(Stored: false)),
            _ => TypedResults.Problem(outcome.Detail, statusCode: StatusOf(outcome.Status)),
        };
    }

    internal static async Task<Results<Ok<KxRelayPadsAnswer>, ProblemHttpResult>> PadsAsync(
        KxRelayPads body, HttpContext context, KeyRelay relay, CallerResolver callers)
    {
        Caller caller = callers.Resolve(context);
        if (caller.Kind != CallerKind.PeerKme)
        {
            return TypedResults.Problem("Only a neighbouring KME may provision pads.", statusCode: StatusCodes.Status403Forbidden);
        }

        ReservationDescriptor? pads = KxReservationMapping.TryParse(body.Pad, out ReservationDescriptor parsed) ? parsed : null;
        RelayHopOutcome outcome = await relay.ReceivePadsAsync(caller.Kme, body.Link, body.PadBytes, pads, context.RequestAborted).ConfigureAwait(false);
        return outcome.Status == RelayHopStatus.Stored
            ? TypedResults.Ok(new KxRelayPadsAnswer(outcome.Pads))
            : TypedResults.Problem(outcome.Detail, statusCode: StatusOf(outcome.Status));
    }

    /// <summary>The HTTP status of each kind of refusal.</summary>
    internal static int StatusOf(RelayHopStatus status) => status switch
    {
        RelayHopStatus.Stored => StatusCodes.Status200OK,
        RelayHopStatus.Pending => StatusCodes.Status202Accepted,
        RelayHopStatus.Forbidden => StatusCodes.Status403Forbidden,
        RelayHopStatus.Malformed => StatusCodes.Status400BadRequest,
        RelayHopStatus.Conflict => StatusCodes.Status409Conflict,
        RelayHopStatus.PadsOutOfSync => PadsOutOfSyncStatus,
        _ => StatusCodes.Status503ServiceUnavailable,
    };
}
