using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.Node.Configuration;
using QkdNet.Node.Kx;
using QkdNet.Node.Security;

namespace QkdNet.Node.Links;

/// <summary>
/// The Kx route of device links: a peer KME announces the key IDs of a batch it took from its QKD device. Mapped by the
/// links, not by Kx, so that Kx (the channel) does not depend on the links that use it. ProblemDetails on errors.
/// </summary>
public static class DeviceBlockEndpoints
{
    /// <summary>Maps <c>POST /kx/v1/device-blocks</c>.</summary>
    public static IEndpointRouteBuilder MapDeviceBlocks(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.MapPost("/kx/v1/device-blocks", ReceiveDeviceBlockAsync);
        return routes;
    }

    /// <summary>
    /// The master of an <c>etsi014</c> link announces a batch it took from its QKD device: this node fetches the same keys
    /// from its own device and stores them (<see cref="DeviceLinks.ReceiveAsync"/>). 200 once stored, 503 to be asked
    /// again later, 409 when the batch can never be stored here, 400 for an announcement this link cannot have.
    /// </summary>
    internal static async Task<Results<Ok<int>, ProblemHttpResult>> ReceiveDeviceBlockAsync(
        KxDeviceBlock body, HttpContext context, IKeyStore store, NodeTopology topology, CallerResolver callers, DeviceLinks devices)
    {
        Caller caller = callers.Resolve(context);
        if (caller.Kind != CallerKind.PeerKme || topology.LinkTo(caller.Kme) is not { } link || !LinkPools.RunsSource(caller.Kme, topology.Self))
        {
            return Problem(StatusCodes.Status403Forbidden, "Only the peer KME that runs the link source may announce device keys.");
        }

        if (link.Source.Device is not { } device)
        {
            return Problem(StatusCodes.Status400BadRequest, $"Link {link.Id} takes no key from a QKD device here (its source is {link.Source.Kind.Name()}).");
        }

        var ids = new List<KeyId>(body.KeyIds?.Count ?? 0);
        foreach (string? text in body.KeyIds ?? [])
        {
            if (!KeyId.TryParse(text, out KeyId id))
            {
                return Problem(StatusCodes.Status400BadRequest, "A key ID is not a UUID.");
            }

            ids.Add(id);
        }

        // the slave end takes the batch shape from the announcement; an end with a shape of its own holds it to that
        int keySizeBits = body.KeySizeBits ?? device.KeySizeBits;
        bool shapeOk = device.TakesAnnouncedShape
            ? ids.Count is >= 1 and <= 4096 && keySizeBits is >= 8 and <= 65_536 && keySizeBits % 8 == 0 && (long)keySizeBits * ids.Count <= 64 << 20
            : ids.Count == device.Batch && keySizeBits == device.KeySizeBits;
        if (!PoolId.TryParse(body.Pool, link.Id, out PoolId pool) || (pool.Owner != caller.Kme && pool.Owner != topology.Self)
            || !shapeOk || ids.Distinct().Count() != ids.Count
            || !BlockId.TryCreate(body.BlockId, out BlockId block) || block != DeviceLinks.BlockOf(ids))
        {
            return Problem(StatusCodes.Status400BadRequest, $"The announcement must name a pool of link {link.Id}, 1 to 4096 distinct key IDs of key_size_bits (a multiple of 8 up to 65536) each, and the block named after the first.");
        }

        KxBlockOutcome outcome = await devices.ReceiveAsync(link.Id, pool, block, ids, keySizeBits, store, context.RequestAborted).ConfigureAwait(false);
        return outcome switch
        {
            KxBlockOutcome.Stored => TypedResults.Ok(ids.Count),
            KxBlockOutcome.Unreachable => Problem(StatusCodes.Status503ServiceUnavailable, "This node or its QKD device cannot take the batch now; announce it again later."),
            _ => Problem(StatusCodes.Status409Conflict, "The batch cannot be stored here (the device refused it or its keys are spent); drop it."),
        };
    }

    private static ProblemHttpResult Problem(int status, string detail) => TypedResults.Problem(detail, statusCode: status);
}
