using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace QkdNet.Node.Etsi;

/// <summary>
/// Keeps every answer under <see cref="EtsiEndpoints.Prefix"/> within the spec's 200/400/401/503: a path or
/// method with no ETSI endpoint gets 400 (not 404 or 405), and a fault gets 503 with the ETSI error body,
/// logged by exception type only (never its message, which could quote input).
/// </summary>
public static partial class EtsiGuardMiddleware
{
    /// <summary>Adds the guard; call after routing, before the endpoints run.</summary>
    public static IApplicationBuilder UseEtsiGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // case-insensitive, as routing is: /API/V1/KEYS/... reaches the ETSI endpoints, so its misses must get the ETSI 400 too
        if (!context.Request.Path.StartsWithSegments(EtsiEndpoints.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (context.GetEndpoint()?.Metadata.GetMetadata<EtsiRouteMarker>() is null)
        {
            await WriteAsync(context, 400, new EtsiError(EtsiMessages.UnknownRoute)).ConfigureAwait(false);
            return;
        }

        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
        {
            ILogger logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EtsiGuardMiddleware));
            LogFault(logger, e.GetType().Name, context.Request.Path.Value ?? string.Empty);
            context.Response.Clear();
            await WriteAsync(context, 503, new EtsiError(EtsiMessages.ServerError)).ConfigureAwait(false);
        }
    });

    private static Task WriteAsync(HttpContext context, int status, EtsiError error)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(error, EtsiJson.Options, context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "ETSI request {Path} failed with {ExceptionType}; answered 503.")]
    private static partial void LogFault(ILogger logger, string exceptionType, string path);
}
