using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using QkdNet.KeyManagement;
using QkdNet.Node.Configuration;
using QkdNet.Node.Security;

namespace QkdNet.Node.Kx;

/// <summary>
/// <c>POST /kx/v1/reservations/batch</c>: the reservations of concurrent enc_keys requests in one Kx request
/// (see <see cref="BatchingKxClient"/>). Each is checked and imported exactly as by <c>POST /kx/v1/reservations</c>,
/// all at once, so the store commits them in one transaction; each gets its own outcome.
/// </summary>
public static class KxBatchEndpoints
{
    /// <summary>Most reservations per batch.</summary>
    public const int MaxReservations = 256;

    /// <summary>Maps the batch route.</summary>
    public static IEndpointRouteBuilder MapKxBatch(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/kx/v1/reservations/batch", ImportBatchAsync);
        return routes;
    }

    internal static async Task<Results<Ok<KxBatchOutcome>, ProblemHttpResult>> ImportBatchAsync(
        KxReservationBatch body, HttpContext context, IKeyStore store, NodeTopology topology, CallerResolver callers)
    {
        Caller caller = callers.Resolve(context);
        if (caller.Kind != CallerKind.PeerKme || topology.LinkTo(caller.Kme) is null)
        {
            return TypedResults.Problem("Only the peer KME of a link may import reservations.", statusCode: StatusCodes.Status403Forbidden);
        }

        if (body.Reservations is not { Count: > 0 and <= MaxReservations } reservations || reservations.Any(r => r is null))
        {
            return TypedResults.Problem($"A batch holds 1 to {MaxReservations} reservations.", statusCode: StatusCodes.Status400BadRequest);
        }

        Results<Ok<int>, ProblemHttpResult>[] answers = await Task.WhenAll(
            reservations.Select(r => KxEndpoints.ImportAsync(r, context, store, topology, callers))).ConfigureAwait(false);
        return TypedResults.Ok(new KxBatchOutcome([.. answers.Select(a => a.Result is ProblemHttpResult p ? $"peer answered {p.StatusCode}: {p.ProblemDetails.Detail}" : null)]));
    }
}
