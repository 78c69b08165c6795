using System.Security.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QkdNet.Node.Controller.Dashboard;
using QkdNet.Node.Security;
using QkdNet.Node.Web;

namespace QkdNet.Node.Controller;

/// <summary>Builds the web application of <c>qkdnet controller</c>: HTTPS with mutual TLS, the controller routes and the dashboard.</summary>
public static class ControllerHost
{
    /// <summary>Builds (does not start) the controller of <paramref name="settings"/>; its logs go to <paramref name="logs"/> when given (embedded in another command), else to the console.</summary>
    public static WebApplication Build(ControllerSettings settings, TimeProvider? time = null, ILoggerProvider? logs = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddKmeLogging(LogLevel.Information, settings.JsonLogs, logs);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddSingleton(_ => TrustAnchor.Load(settings.Tls.CertificatePath, settings.Tls.KeyPath, settings.Tls.CaPath));
        builder.Services.AddSingleton<ControllerState>();
        builder.Services.AddSingleton<ControllerMetrics>();
        builder.Services.AddSingleton<DashboardState>();
        builder.Services.AddHostedService<StaleLinkChecker>();
        // the handshake goes through without a certificate; ClientCertificateGate answers 401 (a browser sees why)
        builder.WebHost.UseMutualTlsKestrel(settings.Listen, certificate: ClientCertificateMode.AllowCertificate);

        WebApplication app = builder.Build();
        app.UseClientCertificateGate();
        app.UseRouting();
        app.MapController();
        app.MapDashboard();
        return app;
    }
}
