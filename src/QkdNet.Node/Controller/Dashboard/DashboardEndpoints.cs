using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using QkdNet.KeyManagement;
using QkdNet.Node.Security;
using QkdNet.Quantum.Simulation;

namespace QkdNet.Node.Controller.Dashboard;

/// <summary>
/// The operator's dashboard at <c>/dashboard/</c>: the page and its assets (embedded), the snapshot and its live
/// updates by server-sent events, and the operators' actions. Every route wants a pinned viewer or admin certificate
/// (<see cref="DashboardAccess"/>); an action wants an admin and the page's own header (a cross-site form cannot send
/// it, so a page elsewhere cannot ride the browser's certificate), and changes nothing unless it succeeds.
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>The header every action must carry (any value): it forces a CORS pre-flight, which this server never grants.</summary>
    public const string ActionHeader = "X-QkdNet-Dashboard";

    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan MinEventSpacing = TimeSpan.FromMilliseconds(250);

    /// <summary>Maps the page, its assets, <c>api/state</c>, <c>api/events</c> and the link actions under <c>/dashboard</c>.</summary>
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder routes)
    {
        // one template matches /dashboard and /dashboard/ alike: the page's relative URLs need the slash
        routes.MapGet("/dashboard", (HttpContext context) => context.Request.Path.Value!.EndsWith('/')
            ? Asset(context, "index.html")
            : Allowed(context, out _, out _) ?? TypedResults.Redirect("/dashboard/"));
        routes.MapGet("/dashboard/{file}", Asset);
        routes.MapGet("/dashboard/api/state", State);
        routes.MapGet("/dashboard/api/events", EventsAsync);
        routes.MapPost("/dashboard/api/links/{link}/quarantine", (string link, HttpContext context, DashboardState state) => Act(link, context, state, (id, admin) => state.Quarantine(id, admin)));
        routes.MapPost("/dashboard/api/links/{link}/restore", (string link, HttpContext context, DashboardState state) => Act(link, context, state, (id, admin) => state.Restore(id, admin)));
        routes.MapPost("/dashboard/api/links/{link}/eavesdropper", Eavesdropper);
        return routes;
    }

    internal static IResult Asset(HttpContext context, string file)
    {
        if (Allowed(context, out _, out _) is { } refused)
        {
            return refused;
        }

        if (!DashboardAssets.TryGet(file, out byte[] bytes, out string type))
        {
            return TypedResults.Problem($"The dashboard has no file '{file}'.", statusCode: StatusCodes.Status404NotFound);
        }

        SecurityHeaders(context.Response);
        return TypedResults.Bytes(bytes, type);
    }

    internal static IResult State(HttpContext context, DashboardState state)
    {
        if (Allowed(context, out DashboardRole role, out string caller) is { } refused)
        {
            return refused;
        }

        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(state.View(role, caller));
    }

    /// <summary>Server-sent events: an <c>state</c> event with the whole snapshot at once and after each change (at most 4 a second), a comment as heartbeat.</summary>
    internal static async Task EventsAsync(HttpContext context, DashboardState state, IHostApplicationLifetime lifetime)
    {
        if (Allowed(context, out DashboardRole role, out string caller) is { } refused)
        {
            await refused.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        HttpResponse response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        CancellationToken token = stop.Token;
        long sent = -1;
        try
        {
            while (!token.IsCancellationRequested)
            {
                long version = state.Version;
                if (version != sent)
                {
                    string json = JsonSerializer.Serialize(state.View(role, caller));
                    await response.WriteAsync("event: state\ndata: " + json + "\n\n", token).ConfigureAwait(false);
                    sent = version;
                    await Task.Delay(MinEventSpacing, token).ConfigureAwait(false);
                }
                else
                {
                    await response.WriteAsync(": heartbeat\n\n", token).ConfigureAwait(false);
                }

                await response.Body.FlushAsync(token).ConfigureAwait(false);
                await state.WaitForChangeAsync(sent, Heartbeat, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // the browser left, or the controller is stopping
        }
    }

    internal static IResult Eavesdropper(string link, DashboardEveRequest? body, HttpContext context, DashboardState state)
    {
        Eavesdropper? eve = null;
        if (body?.Eve is { } text && !string.Equals(text, "none", StringComparison.OrdinalIgnoreCase))
        {
            Result<Eavesdropper> parsed = Quantum.Simulation.Eavesdropper.Parse(text);
            if (!parsed.IsSuccess)
            {
                return ActionRefused(context) ?? TypedResults.Problem(parsed.Error, statusCode: StatusCodes.Status400BadRequest);
            }

            eve = parsed.Value;
        }

        return Act(link, context, state, (id, admin) => state.SetDrill(id, eve, admin));
    }

    private static IResult Act(string link, HttpContext context, DashboardState state, Func<LinkId, string, Result<DashboardActionAnswer>> action)
    {
        if (ActionRefused(context) is { } refused)
        {
            return refused;
        }

        if (!LinkId.TryCreate(link, out LinkId id) || !state.Controller.Settings.Topology.TryGetLink(id, out _))
        {
            return TypedResults.Problem($"The topology has no link '{link}'.", statusCode: StatusCodes.Status404NotFound);
        }

        Result<DashboardActionAnswer> done = action(id, TrustAnchor.CommonName(context.Connection.ClientCertificate!));
        return done.IsSuccess ? TypedResults.Ok(done.Value) : TypedResults.Problem(done.Error, statusCode: StatusCodes.Status409Conflict);
    }

    /// <summary>Null when the caller is an admin and sent <see cref="ActionHeader"/>; otherwise the refusal.</summary>
    private static IResult? ActionRefused(HttpContext context)
    {
        if (Allowed(context, out DashboardRole role, out _) is { } refused)
        {
            return refused;
        }

        if (role != DashboardRole.Operator)
        {
            return TypedResults.Problem("A viewer certificate may read the dashboard but not act: quarantine, restore and attack drills need an admin certificate.", statusCode: StatusCodes.Status403Forbidden);
        }

        return context.Request.Headers.ContainsKey(ActionHeader)
            ? null
            : TypedResults.Problem($"An action must carry the {ActionHeader} header (the dashboard's page sends it).", statusCode: StatusCodes.Status403Forbidden);
    }

    /// <summary>Null when the caller is a viewer or an admin (their role and name out); otherwise 401 (no certificate) or 403.</summary>
    private static IResult? Allowed(HttpContext context, out DashboardRole role, out string caller)
    {
        ControllerSettings settings = context.RequestServices.GetService(typeof(ControllerSettings)) as ControllerSettings
            ?? throw new InvalidOperationException("The controller's settings are not registered.");
        role = DashboardAccess.RoleOf(context.Connection.ClientCertificate, settings);
        caller = role is DashboardRole.None ? string.Empty : TrustAnchor.CommonName(context.Connection.ClientCertificate!);
        return role switch
        {
            DashboardRole.None => TypedResults.Problem("The dashboard needs a client certificate (import the viewer's or the admin's; see docs/dashboard.md).", statusCode: StatusCodes.Status401Unauthorized),
            DashboardRole.Refused => TypedResults.Problem($"The certificate '{caller}' is neither a viewer nor an admin of this controller.", statusCode: StatusCodes.Status403Forbidden),
            _ => null,
        };
    }

    private static void SecurityHeaders(HttpResponse response)
    {
        // everything comes from this server: no CDN, no inline script, no framing
        response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-cache";
    }
}
