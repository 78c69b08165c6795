using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using QkdNet.KeyManagement;
using QkdNet.Node.Security;

namespace QkdNet.Node.Etsi;

/// <summary>The ETSI GS QKD 014 V1.1.1 routes (clause 5) under <c>/api/v1/keys</c>.</summary>
public static class EtsiEndpoints
{
    /// <summary>The path prefix of the ETSI API.</summary>
    public const string Prefix = "/api/v1";

    /// <summary>The query parameters of Get key (clause 5.2), in the spec's spelling.</summary>
    private static readonly string[] EncKeysQuery = ["number", "size"];

    /// <summary>The query parameter of Get key with key IDs (clause 5.3), in the spec's spelling.</summary>
    private static readonly string[] DecKeysQuery = ["key_ID"];

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
        Result<EtsiStatus, EtsiProblem> outcome = delivery.Status(callers.Resolve(context), slave);
        if (outcome.TryGetValue(out EtsiStatus? status))
        {
            return TypedResults.Ok(status);
        }

        EtsiProblem problem = outcome.Error!;
        return problem.StatusCode == 400 ? TypedResults.BadRequest(problem.Body) : TypedResults.Json(problem.Body, EtsiJson.Options, statusCode: problem.StatusCode);
    }

    internal static async Task<Results<KeyContainerResult, BadRequest<EtsiError>, JsonHttpResult<EtsiError>>> GetKeyByQuery(
        [Microsoft.AspNetCore.Mvc.FromRoute(Name = "slave_SAE_ID")] string slave, HttpContext context, KeyDeliveryService delivery, CallerResolver callers)
    {
        if (!EtsiQuery.TryRead(context.Request.QueryString, EncKeysQuery, out string?[] values, out string? problem))
        {
            return QueryMalformed("query", problem!);
        }

        if (!TryWholeNumber(values[0], out int? number) || !TryWholeNumber(values[1], out int? size))
        {
            return QueryMalformed(number is null && values[0] is not null ? "number" : "size", "must be a single whole number (ASCII digits only)");
        }

        return Keys(await delivery.GetKeysAsync(callers.Resolve(context), slave, number, size, null, null, context.RequestAborted).ConfigureAwait(false));
    }

    internal static async Task<Results<KeyContainerResult, BadRequest<EtsiError>, JsonHttpResult<EtsiError>>> GetKeyByBody(
        [Microsoft.AspNetCore.Mvc.FromRoute(Name = "slave_SAE_ID")] string slave, HttpContext context, KeyDeliveryService delivery, CallerResolver callers)
    {
        Caller caller = callers.Resolve(context);
        if (caller.Kind != CallerKind.LocalSae)
        {
            return Fail(EtsiProblem.Unauthorized());
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
        if (!EtsiQuery.TryRead(context.Request.QueryString, DecKeysQuery, out string?[] values, out string? problem))
        {
            return QueryMalformed("query", problem!);
        }

        if (values[0] is not { } id)
        {
            return QueryMalformed("key_ID", "exactly one key_ID query parameter");
        }

        return Keys(await delivery.GetKeysWithIdsAsync(callers.Resolve(context), master, [id], context.RequestAborted).ConfigureAwait(false));
    }

    internal static async Task<Results<KeyContainerResult, BadRequest<EtsiError>, JsonHttpResult<EtsiError>>> GetKeyWithIdsByBody(
        [Microsoft.AspNetCore.Mvc.FromRoute(Name = "master_SAE_ID")] string master, HttpContext context, KeyDeliveryService delivery, CallerResolver callers)
    {
        Caller caller = callers.Resolve(context);
        if (caller.Kind != CallerKind.LocalSae)
        {
            return Fail(EtsiProblem.Unauthorized());
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

    /// <summary>The ETSI error answer for <paramref name="problem"/>.</summary>
    internal static Results<KeyContainerResult, BadRequest<EtsiError>, JsonHttpResult<EtsiError>> Fail(EtsiProblem problem) => Fail(problem.StatusCode, problem.Body);

    /// <summary>The ETSI error answer for <paramref name="status"/> (400, 401 or 503).</summary>
    internal static Results<KeyContainerResult, BadRequest<EtsiError>, JsonHttpResult<EtsiError>> Fail(int status, EtsiError error) =>
        status == 400 ? TypedResults.BadRequest(error) : TypedResults.Json(error, EtsiJson.Options, statusCode: status);

    private static Results<KeyContainerResult, BadRequest<EtsiError>, JsonHttpResult<EtsiError>> Malformed(string problem) =>
        TypedResults.BadRequest(new EtsiError(EtsiMessages.MalformedRequest, [new JsonObject { ["detail"] = problem }]));

    private static Results<KeyContainerResult, BadRequest<EtsiError>, JsonHttpResult<EtsiError>> Keys(Result<IReadOnlyList<DeliveredKey>, EtsiProblem> outcome) =>
        outcome.TryGetValue(out IReadOnlyList<DeliveredKey>? keys) ? new KeyContainerResult(keys) : Fail(outcome.Error!);

    private static Results<KeyContainerResult, BadRequest<EtsiError>, JsonHttpResult<EtsiError>> QueryMalformed(string parameter, string problem) =>
        TypedResults.BadRequest(new EtsiError(EtsiMessages.MalformedRequest, [EtsiProblem.Parameter(parameter, problem)]));

    /// <summary>Null for an absent parameter; false for one that is not a whole number.</summary>
    private static bool TryWholeNumber(string? text, out int? value)
    {
        value = null;
        if (text is null)
        {
            return true;
        }

        if (!EtsiQuery.TryWholeNumber(text, out int parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }
}

/// <summary>Marks the endpoints of the ETSI API, so a request under <see cref="EtsiEndpoints.Prefix"/> that reaches none of them gets an ETSI 400.</summary>
public sealed class EtsiRouteMarker;
