using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using QkdNet.Node.Configuration;
using QkdNet.Node.Etsi;
using QkdNet.Node.Kx;
using QkdNet.Node.Links;
using QkdNet.Node.Network;
using QkdNet.Node.Relay;
using QkdNet.Node.Web;

namespace QkdNet.Node.Hosting;

/// <summary>Builds the web application of one KME: ETSI GS QKD 014 for its SAEs, Kx for its peers, admin routes for its operators.</summary>
public static class KmeHost
{
    /// <summary>Builds (does not start) the KME described by <paramref name="settings"/>.</summary>
    /// <param name="settings">The checked configuration.</param>
    /// <param name="time">The clock of reservations, sweeps and link pacing; the system clock by default.</param>
    /// <param name="logs">Where the logs go instead of the console (a KME embedded in another command), or null.</param>
    public static WebApplication Build(NodeSettings settings, TimeProvider? time = null, ILoggerProvider? logs = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddKmeLogging(settings.LogLevel, settings.JsonLogs, logs);
        builder.Services.AddKme(settings, time ?? TimeProvider.System);
        builder.Services.AddRelay(settings);
        builder.Services.AddNetwork(settings);
        builder.WebHost.UseKmeKestrel(settings);

        WebApplication app = builder.Build();
        DevelopmentNotice.Log(app.Logger, settings);
        app.UseRouting();
        app.UseEtsiGuard();
        app.MapEtsi014();
        app.MapKx();
        app.MapKxBatch();
        app.MapDeviceBlocks();
        app.MapRelay();
        app.MapNetworkAdmin();
        app.MapAdmin();
        return app;
    }
}
