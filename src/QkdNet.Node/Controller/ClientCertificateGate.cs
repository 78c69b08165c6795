using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace QkdNet.Node.Controller;

/// <summary>
/// The controller lets a TLS handshake through without a client certificate (so a browser without one sees why rather
/// than a failed connection); this gate answers every such request 401 before any route runs, so every controller and
/// dashboard route still needs a certificate chained to the CA, and the routes' own checks (node, admin, viewer) give
/// 403 to a certificate of the CA that holds no role. A certificate from elsewhere still fails the handshake.
/// </summary>
public static class ClientCertificateGate
{
    /// <summary>The problem's detail: who needs which certificate.</summary>
    public const string Detail = "The controller needs a client certificate chained to its CA: a node's, an admin's, or for the dashboard the viewer's or the admin's (see docs/dashboard.md).";

    /// <summary>Adds the gate; call it before routing so no endpoint (nor a 404) answers a caller without a certificate.</summary>
    public static IApplicationBuilder UseClientCertificateGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Connection.ClientCertificate is null)
        {
            await Results.Problem(Detail, statusCode: StatusCodes.Status401Unauthorized, title: "Client certificate required").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    });
}
