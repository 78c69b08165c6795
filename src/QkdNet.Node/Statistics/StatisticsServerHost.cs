using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QkdNet.Node.Cloud;
using QkdNet.Node.Hosting;
using QkdNet.Node.Security;
using QkdNet.Node.Web;
using QkdNet.Services.KeyDelivery;

namespace QkdNet.Node.Statistics;

/// <summary>
/// Builds one statistics server beside a share server: HTTPS with mutual TLS, an HTTPS client per other server (its
/// own certificate as client identity, accepting only that server's certificate), an SAE of its KME for the pairwise
/// QKD keys, the <see cref="StatisticsService"/> behind <see cref="StatisticsEndpoints"/>.
/// </summary>
public static class StatisticsServerHost
{
    /// <summary>The largest request body: one server's shares of a dataset, or one round's message.</summary>
    public const long MaxBodyBytes = 1L << 30;

    /// <summary>Builds (does not start) the server; a certificate that cannot be loaded throws <see cref="ShareServerStartException"/>. Its logs go to <paramref name="logs"/> when given (embedded in another command, as <c>qkdnet demo</c> runs it), else to the console.</summary>
    public static WebApplication Build(StatisticsServerSettings settings, TimeProvider? time = null, ILoggerProvider? logs = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        time ??= TimeProvider.System;
        TrustAnchor trust = ShareServerHost.LoadNamedTrust(settings.CertificatePath, settings.KeyPath, settings.CaPath, settings.Name);

        HttpClient[] peers = [.. settings.Servers.Select(peer => new HttpClient(new KmeConnection(peer.Url, settings.CaPath, settings.CertificatePath, settings.KeyPath, peer.Name).CreateHandler())
        {
            BaseAddress = peer.Url.AbsolutePath.EndsWith('/') ? peer.Url : new Uri(peer.Url.AbsoluteUri + "/"),
            DefaultRequestVersion = HttpVersion.Version11,
            Timeout = Timeout.InfiniteTimeSpan,
        })];
        IKeyDelivery? kme = settings.DevelopmentPairwiseKeys ? null
            : EtsiKeyDeliveryClient.Create(new KmeConnection(settings.KmeUrl!, settings.CaPath, settings.CertificatePath, settings.KeyPath, settings.KmeId), time: time);

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddKmeLogging(settings.LogLevel, sink: logs);
        builder.Services.AddSingleton(trust);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(sp => new StatisticsService(settings, peers, kme, time, sp.GetRequiredService<ILogger<StatisticsService>>()));
        builder.WebHost.UseMutualTlsKestrel(settings.Listen, MaxBodyBytes);
        WebApplication app = builder.Build();
        if (settings.DevelopmentPairwiseKeys)
        {
            app.Logger.LogWarning("statistics server {Name}: DEVELOPMENT pairwise keys, exchanged over mutual TLS, NOT QKD; every answer says so.", settings.Name);
        }

        if (settings.RecordPeerMessages is { } record)
        {
            app.Logger.LogWarning("statistics server {Name}: TESTING option record_peer_messages is set: every message a peer sends this server is written under {Folder}; not for production.", settings.Name, record);
        }

        StatisticsService service = app.Services.GetRequiredService<StatisticsService>(); // loads the datasets now, not at the first request
        app.Lifetime.ApplicationStopped.Register(service.Dispose);
        app.MapStatistics();
        return app;
    }
}
