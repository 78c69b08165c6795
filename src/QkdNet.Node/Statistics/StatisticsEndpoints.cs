using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using QkdNet.Node.Security;
using QkdNet.Services.Cloud.Access;
using QkdNet.Services.Cloud.Server;
using QkdNet.Services.Statistics.Data;
using QkdNet.Services.Statistics.Deployment;

namespace QkdNet.Node.Statistics;

/// <summary>
/// The HTTP face of <see cref="StatisticsService"/> under <c>/v1/stats</c>; the caller is its client certificate's
/// common name. User routes: <c>PUT datasets/{name}</c> (owner: stages shares), <c>POST datasets/{name}/commit?upload=ID</c> (owner: queries switch to them), <c>POST query</c> (analyst, owner),
/// <c>GET audit</c> (auditor). Peer routes (configured servers only): <c>GET peer/ping</c>, <c>POST peer/run</c>,
/// <c>POST peer/{query}/messages?from=i</c>, <c>POST peer/{query}/stop?from=i</c>. Every refusal is one status
/// with a ProblemDetails reason; no route returns a share or a record.
/// </summary>
public static class StatisticsEndpoints
{
    /// <summary>Maps the statistics routes.</summary>
    public static IEndpointRouteBuilder MapStatistics(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        RouteGroupBuilder v1 = routes.MapGroup("/v1/stats");
        v1.MapPut("/datasets/{name}", async (string name, HttpContext context, StatisticsService service) =>
        {
            byte[] body = await ReadBodyAsync(context.Request).ConfigureAwait(false);
            Result<StatisticsUploadAnswer, ShareServiceFailure> put = await service.UploadAsync(Caller(context), name, body, context.RequestAborted).ConfigureAwait(false);
            return put.TryGetValue(out var value) ? Results.Json(value, StatisticsWire.Options, statusCode: StatusCodes.Status201Created) : Problem(put.Error!);
        });
        v1.MapPost("/datasets/{name}/commit", (string name, HttpContext context, StatisticsService service) =>
        {
            string upload = context.Request.Query["upload"].ToString();
            if (upload.Length != 2 * SharedTableFile.UploadIdBytes || !upload.All(char.IsAsciiHexDigitLower))
            {
                return Problem(ShareServiceStatus.BadRequest, $"commit needs ?upload= with the upload ID ({2 * SharedTableFile.UploadIdBytes} lower-case hex digits).");
            }

            Result<StatisticsUploadAnswer, ShareServiceFailure> commit = service.Commit(Caller(context), name, upload);
            return commit.TryGetValue(out var value) ? Results.Json(value, StatisticsWire.Options) : Problem(commit.Error!);
        });
        v1.MapPost("/query", async (HttpContext context, StatisticsService service) =>
        {
            StatisticsQueryRequest? request;
            try
            {
                request = await context.Request.ReadFromJsonAsync<StatisticsQueryRequest>(StatisticsWire.Options, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                request = null;
            }

            if (request is not { Dataset: not null, Query: not null })
            {
                return Problem(ShareServiceStatus.BadRequest, "the body must be JSON {\"dataset\": ..., \"query\": ...} (optional minimum_group_size, epsilon).");
            }

            Result<StatisticsQueryReport, ShareServiceFailure> answer = await service.QueryAsync(Caller(context), request, context.RequestAborted).ConfigureAwait(false);
            return answer.TryGetValue(out var value) ? Results.Json(value, StatisticsWire.Options) : Problem(answer.Error!);
        });
        v1.MapGet("/audit", (HttpContext context, StatisticsServerSettings settings, StatisticsService service) =>
        {
            if (!settings.Policy.RolesOf(Caller(context)).Contains(CloudRole.Auditor))
            {
                return Problem(ShareServiceStatus.Forbidden, $"'{Caller(context)}' may not read the audit log: auditor role required.");
            }

            long after = long.TryParse(context.Request.Query["after"], NumberStyles.None, CultureInfo.InvariantCulture, out long a) ? a : 0;
            var (records, broken) = service.Audit.Read(after, 1000);
            return Results.Json(new
            {
                chain_intact = broken is null,
                broken_at = broken,
                records = records.Select(r => new { seq = r.Sequence, at = r.At, caller = r.Event.Caller, role = r.Event.Role, action = r.Event.Action, target = r.Event.Target, allowed = r.Event.Allowed, outcome = r.Event.Outcome }),
            });
        });
        v1.MapGet("/peer/ping", (HttpContext context, StatisticsService service) =>
            service.PeerIndex(Caller(context)) is null ? NotPeer(context) : Results.Ok());
        v1.MapPost("/peer/run", async (HttpContext context, StatisticsService service) =>
        {
            if (service.PeerIndex(Caller(context)) is null)
            {
                return NotPeer(context);
            }

            PeerRunRequest? run;
            try
            {
                run = await context.Request.ReadFromJsonAsync<PeerRunRequest>(StatisticsWire.Options, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                run = null;
            }

            if (run is not { QueryId.Length: 32, Dataset: not null, UploadId: not null, Query: not null, Active: not null, Caller: not null, CallerRole: not null })
            {
                return Problem(ShareServiceStatus.BadRequest, "a run request needs query_id (32 hex digits), dataset, upload_id, query, active, caller and caller_role.");
            }

            return Results.Json(await service.RunAsPartyAsync(run, context.RequestAborted).ConfigureAwait(false), StatisticsWire.Options);
        });
        v1.MapPost("/peer/{query}/messages", async (string query, HttpContext context, StatisticsService service) =>
        {
            if (From(context, service) is not { } from)
            {
                return NotPeer(context);
            }

            byte[] body = await ReadBodyAsync(context.Request).ConfigureAwait(false);
            return service.Mailboxes.Deliver(query, from, body) ? Results.Ok() : Problem(ShareServiceStatus.Conflict, $"query {query} has finished here.");
        });
        v1.MapPost("/peer/{query}/stop", (string query, HttpContext context, StatisticsService service) =>
        {
            if (From(context, service) is not { } from)
            {
                return NotPeer(context);
            }

            service.Mailboxes.Close(query, from);
            return Results.Ok();
        });
        return routes;
    }

    private static string Caller(HttpContext context) =>
        context.Connection.ClientCertificate is { } certificate ? TrustAnchor.CommonName(certificate) : "-";

    /// <summary>The caller's party index when it is a configured peer and claims its own index in <c>from</c>.</summary>
    private static int? From(HttpContext context, StatisticsService service) =>
        service.PeerIndex(Caller(context)) is { } index
        && int.TryParse(context.Request.Query["from"], NumberStyles.None, CultureInfo.InvariantCulture, out int from) && from == index ? index : null;

    private static IResult NotPeer(HttpContext context) =>
        Problem(ShareServiceStatus.Forbidden, $"'{Caller(context)}' is not one of this service's servers (or sent another party's index); only servers use the peer routes.");

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength is long length and <= int.MaxValue)
        {
            byte[] body = new byte[length];
            await request.Body.ReadExactlyAsync(body, request.HttpContext.RequestAborted).ConfigureAwait(false);
            return body;
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static IResult Problem(ShareServiceFailure failure) => Problem(failure.Status, failure.Reason);

    private static IResult Problem(ShareServiceStatus status, string reason) => Results.Problem(detail: reason, statusCode: status switch
    {
        ShareServiceStatus.BadRequest => StatusCodes.Status400BadRequest,
        ShareServiceStatus.Forbidden => StatusCodes.Status403Forbidden,
        ShareServiceStatus.NotFound => StatusCodes.Status404NotFound,
        ShareServiceStatus.Conflict => StatusCodes.Status409Conflict,
        ShareServiceStatus.TooLarge => StatusCodes.Status413PayloadTooLarge,
        _ => StatusCodes.Status503ServiceUnavailable,
    });
}
