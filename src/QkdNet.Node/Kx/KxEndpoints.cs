using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.Node.Configuration;
using QkdNet.Node.Security;

namespace QkdNet.Node.Kx;

/// <summary>
/// The receiving side of Kx: only a peer KME (by its client certificate) may call, and only about the link
/// between it and this node. Our own routes, so errors are ProblemDetails.
/// </summary>
public static class KxEndpoints
{
    /// <summary>Maps <c>GET /kx/v1/readiness</c>, <c>POST /kx/v1/reservations</c> and <c>POST /kx/v1/blocks</c> (the device links map <c>POST /kx/v1/device-blocks</c>, <see cref="Links.DeviceBlockEndpoints"/>).</summary>
    public static IEndpointRouteBuilder MapKx(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder kx = routes.MapGroup("/kx/v1");
        kx.MapGet("/readiness", Readiness);
        kx.MapPost("/reservations", ImportAsync);
        kx.MapPost("/blocks", IngestAsync);
        return routes;
    }

    /// <summary>
    /// Whether this store could import a reservation now: 200, or 503 while it is sealed or has no master key. A master asks
    /// before it reserves, so a sealed peer costs it a question, not key material.
    /// </summary>
    internal static Results<Ok, ProblemHttpResult> Readiness(HttpContext context, IKeyStore store, NodeTopology topology, CallerResolver callers)
    {
        Caller caller = callers.Resolve(context);
        if (caller.Kind != CallerKind.PeerKme || topology.LinkTo(caller.Kme) is null)
        {
            return Problem(StatusCodes.Status403Forbidden, "Only the peer KME of a link may ask.");
        }

        return !store.IsInitialized ? Problem(StatusCodes.Status503ServiceUnavailable, "The key store has no master key yet.")
            : store.IsSealed ? Problem(StatusCodes.Status503ServiceUnavailable, "The key store is sealed.")
            : TypedResults.Ok();
    }

    internal static async Task<Results<Ok<int>, ProblemHttpResult>> ImportAsync(
        KxReservation body, HttpContext context, IKeyStore store, NodeTopology topology, CallerResolver callers)
    {
        Caller caller = callers.Resolve(context);
        if (caller.Kind != CallerKind.PeerKme || topology.LinkTo(caller.Kme) is not { } link)
        {
            return Problem(StatusCodes.Status403Forbidden, "Only the peer KME of a link may import reservations.");
        }

        // the master reserves from its own pool of the link; anything else is a confused or hostile peer
        if (!PoolId.TryParse(body.Pool, link.Id, out PoolId pool) || pool.Owner != caller.Kme
            || !SaeId.TryCreate(body.MasterSae, out SaeId master) || body.Keys is null || body.SlaveSaes is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "The reservation names a pool, master or key list this link does not have.");
        }

        var slaves = new List<SaeId>();
        foreach (string text in body.SlaveSaes)
        {
            if (!SaeId.TryCreate(text, out SaeId slave) || !topology.IsLocal(slave))
            {
                return Problem(StatusCodes.Status400BadRequest, "Every slave SAE must be attached to this KME.");
            }

            slaves.Add(slave);
        }

        var keys = new List<KeyAllocation>(body.Keys.Count);
        foreach (KxKeyAllocation k in body.Keys)
        {
            if (k is null || !KeyId.TryCreate(k.KeyId, out KeyId id) || !BlockId.TryCreate(k.Block, out BlockId block))
            {
                return Problem(StatusCodes.Status400BadRequest, "A key allocation is malformed.");
            }

            keys.Add(new KeyAllocation(id, block, k.Offset, k.Length));
        }

        var descriptor = new ReservationDescriptor(pool, master, slaves, DateTimeOffset.FromUnixTimeMilliseconds(body.ExpiresAtUnixMilliseconds), keys);
        Result<int, KeyStoreFailure> imported = await store.ImportAsync(descriptor, context.RequestAborted).ConfigureAwait(false);
        return imported.TryGetValue(out int count)
            ? TypedResults.Ok(count)
            : Problem(imported.Error!);
    }

    internal static async Task<Results<Ok<int>, ProblemHttpResult>> IngestAsync(
        KxBlock body, HttpContext context, IKeyStore store, NodeTopology topology, CallerResolver callers)
    {
        try
        {
            Caller caller = callers.Resolve(context);
            if (caller.Kind != CallerKind.PeerKme || topology.LinkTo(caller.Kme) is not { } link || !LinkPools.RunsSource(caller.Kme, topology.Self))
            {
                return Problem(StatusCodes.Status403Forbidden, "Only the peer KME that runs the link source may deliver blocks.");
            }

            if (!PoolId.TryParse(body.Pool, link.Id, out PoolId pool) || (pool.Owner != caller.Kme && pool.Owner != topology.Self)
                || !BlockId.TryCreate(body.BlockId, out BlockId block) || body.Key is not { Length: > 0 } key)
            {
                return Problem(StatusCodes.Status400BadRequest, "The block names a pool this link does not have, or is empty.");
            }

            Result<KeyManagement.Pools.PoolStatus, KeyStoreFailure> ingested = await store.IngestBlockAsync(pool, block, key, context.RequestAborted).ConfigureAwait(false);
            return ingested.Error is null or { Code: KeyStoreError.DuplicateBlock }
                ? TypedResults.Ok(key.Length)
                : Problem(ingested.Error);
        }
        finally
        {
            if (body.Key is { } bytes)
            {
                CryptographicOperations.ZeroMemory(bytes);
            }
        }
    }

    private static ProblemHttpResult Problem(int status, string detail) => TypedResults.Problem(detail, statusCode: status);

    /// <summary>A store's refusal: 503 while it cannot work now (sealed, storage), 409 when the request conflicts with what it holds.</summary>
    private static ProblemHttpResult Problem(KeyStoreFailure failure) =>
        Problem(failure.Code is KeyStoreError.Sealed or KeyStoreError.StorageFailure ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status409Conflict, failure.Detail);
}
