using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using QkdNet.Node.Security;
using QkdNet.Services.Cloud.Password;

namespace QkdNet.Node.Cloud;

/// <summary>
/// The TOPPSS routes of a share server under <c>/v1/oprf/{user}</c> (docs/cloud-password.md): enrol (PUT), evaluate,
/// confirm, refresh and remove (POST), bodies in <see cref="OprfWire"/>. Each <see cref="OprfStatus"/> is one HTTP status
/// with a ProblemDetails reason and the status's name in <see cref="OprfWire.StatusExtension"/>; a 429 carries
/// <c>Retry-After</c>. A body that does not parse is a 400, never a 500; another user's name is a 403.
/// </summary>
public static class ShareServerPasswordEndpoints
{
    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapShareServerPassword(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        RouteGroupBuilder oprf = routes.MapGroup("/v1/oprf/{user}");
        oprf.MapPut(string.Empty, (string user, HttpContext context, ShareServerPassword password) => HandleAsync<OprfWire.Enroll>(user, context, password, async (id, body, server) =>
        {
            Result<OprfServerRecord> record = OprfServerRecord.TryDeserialize(body.Record ?? []);
            if (!record.IsSuccess || record.Value.User != id)
            {
                if (record.IsSuccess)
                {
                    record.Value.Dispose();
                }

                return Answer(new OprfResult(OprfStatus.Malformed, "the record does not parse, or names another user."));
            }

            using OprfServerRecord stored = record.Value;
            return Answer(await server.EnrollAsync(new OprfEnrollRequest(stored, body.ReplaceAuthorization), context.RequestAborted).ConfigureAwait(false));
        }));
        oprf.MapPost("/evaluate", (string user, HttpContext context, ShareServerPassword password) => HandleAsync<OprfWire.Evaluate>(user, context, password, async (id, body, server) =>
        {
            Result<GroupElement> blinded = GroupElement.TryDecode(body.BlindedElement ?? []);
            if (!blinded.IsSuccess)
            {
                return Answer(new OprfResult(OprfStatus.Malformed, "the blinded element is not a P-256 point (33 bytes, SEC1 compressed)."));
            }

            OprfEvaluateResult result = await server.EvaluateAsync(new OprfEvaluateRequest(id, blinded.Value), context.RequestAborted).ConfigureAwait(false);
            if (result.Status == OprfStatus.RateLimited)
            {
                context.Response.Headers.RetryAfter = Math.Ceiling(result.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            }

            return result.Status == OprfStatus.Ok
                ? Results.Json(new OprfWire.Evaluated(result.ShareIndex, result.EvaluatedElement!.Encoded.ToArray(), result.Tag, result.Envelope, result.Epoch, result.Guess.ToString()))
                : Answer(new OprfResult(result.Status, result.Problem));
        }));
        oprf.MapPost("/confirm", (string user, HttpContext context, ShareServerPassword password) => HandleAsync<OprfWire.Confirm>(user, context, password, async (id, body, server) =>
            Guid.TryParseExact(body.Guess, "N", out Guid guess)
                ? Answer(await server.ConfirmAsync(new OprfConfirmRequest(id, new GuessId(guess), body.Proof ?? []), context.RequestAborted).ConfigureAwait(false))
                : Answer(new OprfResult(OprfStatus.Malformed, "the guess is not 32 hex digits."))));
        oprf.MapPost("/refresh", (string user, HttpContext context, ShareServerPassword password) => HandleAsync<OprfWire.Refresh>(user, context, password, async (id, body, server) =>
            Answer(await server.RefreshAsync(new OprfRefreshRequest(id, body.Epoch, body.Delta ?? [], body.Proof ?? []), context.RequestAborted).ConfigureAwait(false))));
        oprf.MapPost("/remove", (string user, HttpContext context, ShareServerPassword password) => HandleAsync<OprfWire.Remove>(user, context, password, async (id, body, server) =>
            Answer(await server.RemoveAsync(new OprfRemoveRequest(id, body.Epoch, body.Proof ?? []), context.RequestAborted).ConfigureAwait(false))));
        return routes;
    }

    /// <summary>The access rule, the user name and the body checked in that order; then <paramref name="handle"/>.</summary>
    private static async Task<IResult> HandleAsync<TBody>(string user, HttpContext context, ShareServerPassword password, Func<UserId, TBody, IOprfServer, Task<IResult>> handle)
        where TBody : class
    {
        string caller = context.Connection.ClientCertificate is { } certificate ? TrustAnchor.CommonName(certificate) : "-";
        if (password.Refusal(caller, user) is { } refusal)
        {
            return Answer(new OprfResult(OprfStatus.NotAuthorized, refusal));
        }

        Result<UserId> id = UserId.Create(user);
        if (!id.IsSuccess)
        {
            return Answer(new OprfResult(OprfStatus.Malformed, id.Error));
        }

        TBody? body;
        try
        {
            body = await context.Request.ReadFromJsonAsync<TBody>(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or BadHttpRequestException or NotSupportedException)
        {
            body = null;
        }

        return body is null
            ? Answer(new OprfResult(OprfStatus.Malformed, "the body is not the route's JSON object (see docs/cloud-password.md)."))
            : await handle(id.Value, body, password.Server).ConfigureAwait(false);
    }

    private static IResult Answer(OprfResult result) => result.IsOk
        ? Results.Json(new { status = "ok" })
        : Results.Problem(
            detail: result.Problem,
            statusCode: OprfWire.HttpStatus(result.Status),
            extensions: new Dictionary<string, object?> { [OprfWire.StatusExtension] = result.Status.ToString() });
}
