using System.Net;
using System.Security.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Storage;
using QkdNet.Node.Configuration;
using QkdNet.Node.Etsi;
using QkdNet.Node.Kx;
using QkdNet.Node.Links;
using QkdNet.Node.Security;
using QkdNet.Storage.Postgres;

namespace QkdNet.Node.Hosting;

/// <summary>The Add* pieces of a KME host.</summary>
public static class KmeServices
{
    /// <summary>Largest request body Kestrel reads at all, in bytes (the ETSI routes cap theirs lower, see <see cref="RequestBody"/>).</summary>
    public const long MaxRequestBodyBytes = 1 << 20;

    /// <summary>Registers the store, the topology, the ETSI and Kx services and the background work (unseal, links, expiry sweep).</summary>
    public static IServiceCollection AddKme(this IServiceCollection services, NodeSettings settings, TimeProvider time)
    {
        services.AddSingleton(settings);
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, NodeJsonContext.Default);
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, EtsiJsonContext.Default);
        });
        services.AddSingleton(settings.Store);
        services.AddSingleton(settings.Unseal);
        services.AddSingleton(time);
        services.AddSingleton(_ => TrustAnchor.Load(settings.Tls.CertificatePath, settings.Tls.KeyPath, settings.Tls.CaPath));
        services.AddSingleton<NodeTopology>();
        services.AddSingleton<CallerResolver>();
        services.AddSingleton<IKeyStore>(sp => OpenStore(settings.Store, time, sp.GetRequiredService<ILoggerFactory>().CreateLogger("QkdNet.KeyStore")));
        services.AddSingleton<KxClient>();
        services.AddSingleton<IKxClient, BatchingKxClient>();
        services.AddSingleton<KeyDeliveryService>();
        services.AddSingleton<DeviceLinks>();
        services.AddHostedService<StoreUnsealer>();
        services.AddHostedService<ExpirySweeper>();
        foreach (LinkSettings link in settings.Links.Where(l => LinkPools.RunsSource(settings.KmeId, l.Peer)))
        {
            services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<LinkFeeder>(sp, link));
        }

        return services;
    }

    /// <summary>
    /// Opens the configured key store, sealed: the SQLite file, or the PostgreSQL schema. A store that cannot be
    /// opened (a folder that cannot be created, a file another process holds, a server that cannot be reached)
    /// throws <see cref="KeyStoreOpenException"/> with one line for the operator.
    /// </summary>
    /// <param name="store">The store's settings.</param>
    /// <param name="time">The store's clock.</param>
    /// <param name="logger">Where the store logs its storage failures; none when null.</param>
    public static IKeyStore OpenStore(StoreSettings store, TimeProvider time, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.Postgres is not { } postgres)
        {
            try
            {
                return SqliteKeyStore.Open(
                    new SqliteKeyStoreOptions
                    {
                        Path = store.Path,
                        ReservationLifetime = store.ReservationLifetime,
                        DefaultPool = store.Pool,
                        MaxKeysPerRequest = store.MaxKeysPerRequest,
                        MaxKeySizeBits = store.MaxKeySizeBits,
                        MaxSlavesPerKey = store.MaxSaeIdCount + 1,
                    },
                    time,
                    logger);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
            {
                throw new KeyStoreOpenException($"cannot open the key store {store.Path}: {e.Message}", e);
            }
        }

        try
        {
            return PostgresKeyStore.Open(
                new PostgresKeyStoreOptions
                {
                    ConnectionString = postgres.ConnectionString,
                    Schema = postgres.Schema,
                    ReservationLifetime = store.ReservationLifetime,
                    DefaultPool = store.Pool,
                    MaxKeysPerRequest = store.MaxKeysPerRequest,
                    MaxKeySizeBits = store.MaxKeySizeBits,
                    MaxSlavesPerKey = store.MaxSaeIdCount + 1,
                },
                time,
                logger);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException)
        {
            throw new KeyStoreOpenException($"cannot open the PostgreSQL key store in schema {postgres.Schema}: {e.Message}", e);
        }
    }

    /// <summary>One HTTPS endpoint (HTTP/2 and HTTP/1.1, TLS 1.2+) that requires a client certificate chained to the CA bundle.</summary>
    public static IWebHostBuilder UseKmeKestrel(this IWebHostBuilder web, NodeSettings settings) => web.UseMutualTlsKestrel(settings.Listen);

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
    public static IWebHostBuilder UseMutualTlsKestrel(this IWebHostBuilder web, IPEndPoint listen, long maxRequestBodyBytes = MaxRequestBodyBytes,
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
