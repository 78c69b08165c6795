using System.Net;
using System.Security.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QkdNet.Node.Security;

namespace QkdNet.Node.Web;

/// <summary>
/// The web-host pieces every service of the node shares (the KME, the controller, the share and statistics servers):
/// Kestrel behind mutual TLS, and the logging set-up. They sit below all the hosts, so none of them reaches into another.
/// </summary>
public static class MutualTlsWebHost
{
    /// <summary>Largest request body Kestrel reads unless a host asks for another limit, in bytes.</summary>
    public const long DefaultMaxRequestBodyBytes = 1 << 20;

    /// <summary>
    /// Kestrel on <paramref name="listen"/> only, HTTPS with the registered <see cref="TrustAnchor"/>'s
    /// certificate, a client certificate chained to its CA and issued for client authentication required (the KME and
    /// the controller alike).
    /// </summary>
    /// <param name="web">The host.</param>
    /// <param name="listen">The endpoint.</param>
    /// <param name="maxRequestBodyBytes">The largest request body read (a share server takes whole shares).</param>
    /// <param name="certificate">
    /// <see cref="ClientCertificateMode.RequireCertificate"/> (default): no handshake without a client certificate.
    /// <see cref="ClientCertificateMode.AllowCertificate"/>: a handshake without one goes through (a certificate shown
    /// must still chain to the CA), so the application can answer 401 itself (the controller, for browsers).
    /// </param>
    public static IWebHostBuilder UseMutualTlsKestrel(this IWebHostBuilder web, IPEndPoint listen, long maxRequestBodyBytes = DefaultMaxRequestBodyBytes,
        ClientCertificateMode certificate = ClientCertificateMode.RequireCertificate) => web.ConfigureKestrel(kestrel =>
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestBodySize = maxRequestBodyBytes;
        kestrel.Listen(listen, options =>
        {
            TrustAnchor trust = kestrel.ApplicationServices.GetRequiredService<TrustAnchor>();
            options.Protocols = HttpProtocols.Http1AndHttp2;
            options.UseHttps(https =>
            {
                https.ServerCertificate = trust.Certificate;
                https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
                https.ClientCertificateMode = certificate;
                https.ClientCertificateValidation = (certificate, _, _) => trust.IsTrusted(certificate, TlsRole.Client);
            });
        });
    });

    /// <summary>
    /// Single-line console logs (text, or one JSON object a line when <paramref name="json"/>), or, when
    /// <paramref name="sink"/> is given, that provider instead of the console (hosts embedded in one process, whose
    /// console belongs to the command); framework chatter at warning.
    /// </summary>
    public static ILoggingBuilder AddKmeLogging(this ILoggingBuilder logging, LogLevel level, bool json = false, ILoggerProvider? sink = null)
    {
        logging.ClearProviders();
        if (sink is not null)
        {
            logging.AddProvider(sink);
        }
        else if (json)
        {
            logging.AddJsonConsole(o =>
            {
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
            });
        }

        logging.SetMinimumLevel(level);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        return logging;
    }
}
