using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;
using QkdNet.KeyManagement;
using QkdNet.Node.Security;

namespace QkdNet.Node.Etsi;

/// <summary>The ETSI GS QKD 014 V1.1.1 routes (clause 5) under <c>/api/v1/keys</c>.</summary>
public static class EtsiEndpoints
{
    /// <summary>The path prefix of the ETSI API.</summary>
    public const string Prefix = "/api/v1";

    /// <summary>Maps Get status, Get key and Get key with key IDs (GET and POST each).</summary>
    public static IEndpointRouteBuilder MapEtsi014(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder keys = routes.MapGroup(Prefix + "/keys").WithMetadata(new EtsiRouteMarker());
        keys.MapGet("/{slave_SAE_ID}/status", Status);
        keys.MapGet("/{slave_SAE_ID}/enc_keys", GetKeyByQuery);
        keys.MapPost("/{slave_SAE_ID}/enc_keys", GetKeyByBody);
        keys.MapGet("/{master_SAE_ID}/dec_keys", GetKeyWithIdByQuery);
        keys.MapPost("/{master_SAE_ID}/dec_keys", GetKeyWithIdsByBody);
        return routes;
    }

    internal static Results<Ok<EtsiStatus>, BadRequest<EtsiError>, JsonHttpResult<EtsiError>> Status(
        [Microsoft.AspNetCore.Mvc.FromRoute(Name = "slave_SAE_ID")] string slave, HttpContext context, KeyDeliveryService delivery, CallerResolver callers)
    {
        EtsiOutcome<EtsiStatus> outcome = delivery.Status(callers.Resolve(context), slave);
        if (outcome.StatusCode == 200)
        {
            return TypedResults.Ok(outcome.Value!);
        }

        return outcome.StatusCode == 400 ? TypedResults.BadRequest(outcome.Error!) : TypedResults.Json(outcome.Error!, EtsiJson.Options, statusCode: outcome.StatusCode);
    }

    internal static async Task<Results<KeyContainerResult, BadRequest<EtsiError>, JsonHttpResult<EtsiError>>> GetKeyByQuery(
        [Microsoft.AspNetCore.Mvc.FromRoute(Name = "slave_SAE_ID")] string slave, HttpContext context, KeyDeliveryService delivery, CallerResolver callers)
    {
        if (!TryQueryInt(context.Request.Query, "number", out int? number) || !TryQueryInt(context.Request.Query, "size", out int? size))
        {
            return TypedResults.BadRequest(new EtsiError(EtsiMessages.MalformedRequest, [EtsiOutcome<object>.Parameter("query", "number and size must be single whole numbers")]));
        }

        return Keys(await delivery.GetKeysAsync(callers.Resolve(context), slave, number, size, null, null, context.RequestAborted).ConfigureAwait(false));
    }

    internal static async Task<Results<KeyContainerResult, BadRequest<EtsiError>, JsonHttpResult<EtsiError>>> GetKeyByBody(
        [Microsoft.AspNetCore.Mvc.FromRoute(Name = "slave_SAE_ID")] string slave, HttpContext context, KeyDeliveryService delivery, CallerResolver callers)
    {
        Caller caller = callers.Resolve(context);
        if (caller.Kind != CallerKind.LocalSae)
        {
            return Fail(401, EtsiOutcome<object>.Unauthorized().Error!);
        }

        (EtsiKeyRequest? request, string? error) = await RequestBody.ReadAsync<EtsiKeyRequest>(context.Request, EtsiJson.Options).ConfigureAwait(false);
        if (request is null)
        {
            return Malformed(error!);
        }

        return Keys(await delivery.GetKeysAsync(caller, slave, request.Number, request.Size, request.AdditionalSlaveSaeIds, request.ExtensionMandatory, context.RequestAborted).ConfigureAwait(false));
    }

    internal static async Task<Results<KeyContainerResult, BadRequest<EtsiError>, JsonHttpResult<EtsiError>>> GetKeyWithIdByQuery(
        [Microsoft.AspNetCore.Mvc.FromRoute(Name = "master_SAE_ID")] string master, HttpContext context, KeyDeliveryService delivery, CallerResolver callers)
    {
        StringValues ids = context.Request.Query["key_ID"];
        if (ids.Count != 1)
        {
            return TypedResults.BadRequest(new EtsiError(EtsiMessages.MalformedRequest, [EtsiOutcome<object>.Parameter("key_ID", "exactly one key_ID query parameter")]));
        }

        return Keys(await delivery.GetKeysWithIdsAsync(callers.Resolve(context), master, [ids[0]], context.RequestAborted).ConfigureAwait(false));
    }

    internal static async Task<Results<KeyContainerResult, BadRequest<EtsiError>, JsonHttpResult<EtsiError>>> GetKeyWithIdsByBody(
        [Microsoft.AspNetCore.Mvc.FromRoute(Name = "master_SAE_ID")] string master, HttpContext context, KeyDeliveryService delivery, CallerResolver callers)
    {
        Caller caller = callers.Resolve(context);
        if (caller.Kind != CallerKind.LocalSae)
        {
            return Fail(401, EtsiOutcome<object>.Unauthorized().Error!);
        }

        (EtsiKeyIds? request, string? error) = await RequestBody.ReadAsync<EtsiKeyIds>(context.Request, EtsiJson.Options).ConfigureAwait(false);
        if (request is null)
        {
            return Malformed(error!);
        }

        if (request.KeyIds is null || request.KeyIds.Any(k => k is null))
        {
            return Malformed("key_IDs must be an array of objects");
        }

        return Keys(await delivery.GetKeysWithIdsAsync(caller, master, request.KeyIds.Select(k => k.KeyId).ToList(), context.RequestAborted).ConfigureAwait(false));
    }

    /// <summary>The ETSI error answer for <paramref name="status"/> (400, 401 or 503).</summary>
    internal static Results<KeyContainerResult, BadRequest<EtsiError>, JsonHttpResult<EtsiError>> Fail(int status, EtsiError error) =>
        status == 400 ? TypedResults.BadRequest(error) : TypedResults.Json(error, EtsiJson.Options, statusCode: status);

    private static Results<KeyContainerResult, BadRequest<EtsiError>, JsonHttpResult<EtsiError>> Malformed(string problem) =>
        TypedResults.BadRequest(new EtsiError(EtsiMessages.MalformedRequest, [new JsonObject { ["detail"] = problem }]));

    private static Results<KeyContainerResult, BadRequest<EtsiError>, JsonHttpResult<EtsiError>> Keys(EtsiOutcome<IReadOnlyList<DeliveredKey>> outcome) =>
        outcome.StatusCode == 200 ? new KeyContainerResult(outcome.Value!) : Fail(outcome.StatusCode, outcome.Error!);

    private static bool TryQueryInt(IQueryCollection query, string name, out int? value)
    {
        value = null;
        StringValues values = query[name];
        if (values.Count == 0)
        {
            return true;
        }

        if (values.Count == 1 && int.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }
}

/// <summary>Marks the endpoints of the ETSI API, so a request under <see cref="EtsiEndpoints.Prefix"/> that reaches none of them gets an ETSI 400.</summary>
public sealed class EtsiRouteMarker;
