using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using QkdNet.Node.Security;
using QkdNet.Services.Cloud.Server;
using QkdNet.Services.Cloud.Storage;
using QkdNet.Services.Cloud.Transport;

namespace QkdNet.Node.Cloud;

/// <summary>
/// The HTTP face of <see cref="ShareService"/>: routes under <c>/v1</c>, the caller taken from the client certificate,
/// every outcome one status with a ProblemDetails reason (400 malformed, 403 denied, 404, 409, 413 too large, 507 disk or
/// quota full, 503), never a 500 for a bad request. Bodies of shares are <c>application/octet-stream</c>, sealed under
/// QKD keys, and streamed both ways.
/// </summary>
public static class ShareServerEndpoints
{
    /// <summary>The response header carrying a share's version.</summary>
    public const string VersionHeader = "X-Share-Version";

    /// <summary>The response header carrying the QKD key used for the answer, in bits.</summary>
    public const string KeyBitsHeader = "X-Qkd-Key-Bits";

    /// <summary>Maps the share-server routes.</summary>
    public static IEndpointRouteBuilder MapShareServer(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        RouteGroupBuilder v1 = routes.MapGroup("/v1");
        v1.MapPut("/shares/{id}", async (string id, HttpContext context, ShareService service) =>
        {
            // streamed: each sealed segment is opened and stored as it arrives, the share never held whole
            Result<ShareInfo, ShareServiceFailure> put = await service.PutAsync(Caller(context), id, Protection(context.Request), context.Request.Body, context.Request.ContentLength,
                context.RequestAborted).ConfigureAwait(false);
            return put.TryGetValue(out ShareInfo stored) ? Results.Json(Describe(stored), statusCode: StatusCodes.Status201Created) : Problem(put.Error!);
        });
        v1.MapGet("/shares/{id}", async (string id, HttpContext context, ShareService service) =>
        {
            Result<ShareDownload, ShareServiceFailure> got = await service.GetAsync(Caller(context), id, Protection(context.Request), context.RequestAborted).ConfigureAwait(false);
            if (!got.TryGetValue(out ShareDownload admitted))
            {
                return Problem(got.Error!);
            }

            using ShareDownload download = admitted;
            context.Response.Headers[VersionHeader] = download.Version.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers[KeyBitsHeader] = download.KeyBits.ToString(CultureInfo.InvariantCulture);
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = download.WireBytes;
            Result<ShareInfo, ShareStoreFailure> sent = await download.WriteToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
            if (!sent.IsSuccess)
            {
                // the headers are gone: a cut answer is all that can say it failed (the client's tags catch it anyway)
                context.Abort();
            }

            return Results.Empty;
        });
        v1.MapPost("/shares/{id}/refresh", async (string id, HttpContext context, ShareService service) =>
        {
            if (!long.TryParse(context.Request.Query["version"], NumberStyles.None, CultureInfo.InvariantCulture, out long version) || version < 1)
            {
                return Problem(ShareServiceStatus.BadRequest, "a refresh needs ?version=N, the version the share is expected at (1 or more).");
            }

            byte[] body = await ReadBodyAsync(context.Request).ConfigureAwait(false);
            Result<ShareInfo, ShareServiceFailure> refreshed = await service.RefreshAsync(Caller(context), id, version, Protection(context.Request), body, context.RequestAborted).ConfigureAwait(false);
            return refreshed.TryGetValue(out ShareInfo info) ? Results.Json(Describe(info)) : Problem(refreshed.Error!);
        });
        v1.MapDelete("/shares/{id}", async (string id, HttpContext context, ShareService service) =>
        {
            Result<ShareInfo, ShareServiceFailure> deleted = await service.DeleteAsync(Caller(context), id, context.RequestAborted).ConfigureAwait(false);
            return deleted.TryGetValue(out ShareInfo info) ? Results.Json(Describe(info)) : Problem(deleted.Error!);
        });
        v1.MapGet("/shares", async (HttpContext context, ShareService service) =>
        {
            Result<IReadOnlyList<ShareInfo>, ShareServiceFailure> listed = await service.ListAsync(Caller(context), context.RequestAborted).ConfigureAwait(false);
            return listed.TryGetValue(out IReadOnlyList<ShareInfo> shares) ? Results.Json(shares.Select(Describe).ToArray()) : Problem(listed.Error!);
        });
        v1.MapGet("/audit", async (HttpContext context, ShareService service) =>
        {
            long after = long.TryParse(context.Request.Query["after"], NumberStyles.None, CultureInfo.InvariantCulture, out long a) ? a : 0;
            int limit = int.TryParse(context.Request.Query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out int l) ? l : 1000;
            Result<AuditPage, ShareServiceFailure> page = await service.ReadAuditAsync(Caller(context), after, limit, context.RequestAborted).ConfigureAwait(false);
            return page.TryGetValue(out AuditPage audit)
                ? Results.Json(new AuditAnswer(audit.ChainIntact, audit.BrokenAt, [.. audit.Records.Select(AuditLine.From)]))
                : Problem(page.Error!);
        });
        v1.MapGet("/health", async (HttpContext context, ShareService service) =>
        {
            Result<ShareServerHealth, ShareServiceFailure> health = await service.HealthAsync(Caller(context), context.RequestAborted).ConfigureAwait(false);
            return health.TryGetValue(out ShareServerHealth state)
                ? Results.Json(new HealthAnswer(state.Server, "ok", state.AuditRecords, state.AuditIntact))
                : Problem(health.Error!);
        });
        return routes;
    }

    private static string Caller(HttpContext context) =>
        context.Connection.ClientCertificate is { } certificate ? TrustAnchor.CommonName(certificate) : "-";

    private static ProtectedRequest Protection(HttpRequest request) =>
        new(request.Headers[ShareProtectionPlan.HeaderName].ToString(), request.Headers[ShareProtectionPlan.KeyIdsHeaderName].ToString());

    /// <summary>The whole body (Kestrel has already refused one past the configured limit with 413).</summary>
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

    private static ShareAnswer Describe(ShareInfo info) => new(info.Id.Value, info.Version, info.LengthBytes);

    private static IResult Problem(ShareServiceFailure failure) => Problem(failure.Status, failure.Reason);

    private static IResult Problem(ShareServiceStatus status, string reason) => Results.Problem(detail: reason, statusCode: status switch
    {
        ShareServiceStatus.BadRequest => StatusCodes.Status400BadRequest,
        ShareServiceStatus.Forbidden => StatusCodes.Status403Forbidden,
        ShareServiceStatus.NotFound => StatusCodes.Status404NotFound,
        ShareServiceStatus.Conflict => StatusCodes.Status409Conflict,
        ShareServiceStatus.TooLarge => StatusCodes.Status413PayloadTooLarge,
        ShareServiceStatus.InsufficientStorage => StatusCodes.Status507InsufficientStorage,
        _ => StatusCodes.Status503ServiceUnavailable,
    });
}
