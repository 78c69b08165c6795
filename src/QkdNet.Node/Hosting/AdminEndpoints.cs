using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Node.Configuration;
using QkdNet.Node.Security;

namespace QkdNet.Node.Hosting;

/// <summary>Operator routes, for client certificates listed under <c>admins</c>: unseal with Shamir shares; and readiness, for anyone.</summary>
public static class AdminEndpoints
{
    /// <summary>Maps <c>POST /admin/v1/unseal</c> and <c>GET /health/ready</c> (any certificate of the network's CA).</summary>
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/admin/v1/unseal", UnsealAsync);
        routes.MapGet("/health/ready", Ready);
        return routes;
    }

    internal static JsonHttpResult<ReadinessAnswer> Ready(NodeSettings settings, IKeyStore store)
    {
        ReadinessAnswer answer = NodeReadiness.Check(settings, store);
        return TypedResults.Json(answer, statusCode: answer.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    internal static async Task<Results<Ok<UnsealAnswer>, ProblemHttpResult>> UnsealAsync(UnsealRequest body, HttpContext context, IKeyStore store, CallerResolver callers)
    {
        if (callers.Resolve(context).Kind != CallerKind.Admin)
        {
            return TypedResults.Problem("Only an admin certificate may unseal.", statusCode: StatusCodes.Status403Forbidden);
        }

        var shares = new List<ShamirShare>();
        try
        {
            foreach (string text in body.Shares ?? [])
            {
                if (!ShamirShare.TryParse(text, out ShamirShare? share))
                {
                    return TypedResults.Problem("A share is malformed.", statusCode: StatusCodes.Status400BadRequest);
                }

                shares.Add(share);
            }

            Result<bool, KeyStoreFailure> opened = await store.UnsealWithSharesAsync(shares, context.RequestAborted).ConfigureAwait(false);
            return opened.Error is not { } refused
                ? TypedResults.Ok(new UnsealAnswer(Sealed: store.IsSealed))
                : TypedResults.Problem(refused.Detail, statusCode: refused.Code switch
                {
                    KeyStoreError.WrongCredential => StatusCodes.Status401Unauthorized,
                    KeyStoreError.InsufficientShares => StatusCodes.Status400BadRequest,
                    _ => StatusCodes.Status503ServiceUnavailable,
                });
        }
        finally
        {
            foreach (ShamirShare share in shares)
            {
                share.Dispose();
            }
        }
    }
}

/// <summary>The body of <c>POST /admin/v1/unseal</c>: shares in their portable text form.</summary>
public sealed record UnsealRequest([property: JsonPropertyName("shares")] IReadOnlyList<string>? Shares);

/// <summary>The answer of <c>POST /admin/v1/unseal</c>.</summary>
public sealed record UnsealAnswer([property: JsonPropertyName("sealed")] bool Sealed);
