using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QkdNet.Node.Hosting;
using QkdNet.Node.Security;
using QkdNet.Node.Web;
using QkdNet.Services.Cloud.Password;
using QkdNet.Services.Cloud.Server;
using QkdNet.Services.Cloud.Storage;
using QkdNet.Services.KeyDelivery;
using QkdNet.Storage.Postgres;

namespace QkdNet.Node.Cloud;

/// <summary>
/// Builds one data server of the secure cloud: HTTPS with mutual TLS (the caller is its certificate's common name),
/// its own share store, an SAE of its KME for the keys that protect shares in transit, the <see cref="ShareService"/>
/// behind <see cref="ShareServerEndpoints"/>, and its TOPPSS key share (<see cref="ShareServerPassword"/>, records in the
/// server's PostgreSQL schema when it has one, else <c>STORE.oprf.db</c> beside the store's path) behind
/// <see cref="ShareServerPasswordEndpoints"/>.
/// </summary>
public static class ShareServerHost
{
    /// <summary>Opens the store and builds (does not start) the server; a store or certificate that cannot be opened throws <see cref="ShareServerStartException"/>.</summary>
    /// <param name="settings">The checked configuration.</param>
    /// <param name="time">The clock; the system clock by default.</param>
    /// <param name="logs">Where the logs go instead of the console (a server embedded in another command), or null.</param>
    public static async Task<WebApplication> BuildAsync(ShareServerSettings settings, TimeProvider? time = null, Microsoft.Extensions.Logging.ILoggerProvider? logs = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        time ??= TimeProvider.System;
        TrustAnchor trust = LoadNamedTrust(settings.CertificatePath, settings.KeyPath, settings.CaPath, settings.Name);

        IShareStore store = await OpenStoreAsync(settings, time).ConfigureAwait(false);
        ShareServerPassword password;
        try
        {
            // the records live where the shares do: the server's PostgreSQL schema when configured, else SQLite beside the store
            SqlOprfRecordStore records = settings.PostgresConnectionString is { } connection
                ? PostgresOprfRecordStore.Open(connection, settings.PostgresSchema)
                : SqliteOprfRecordStore.Open(Path.ChangeExtension(settings.StorePath, ".oprf.db"));
            password = ShareServerPassword.Open(records, settings.Policy, store, time);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            trust.Dispose();
            throw new ShareServerStartException($"cannot open the password record store: {e.Message}", e);
        }

        var kme = EtsiKeyDeliveryClient.Create(new KmeConnection(settings.KmeUrl, settings.CaPath, settings.CertificatePath, settings.KeyPath, settings.KmeId), time: time);

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddKmeLogging(settings.LogLevel, sink: logs);
        builder.Services.AddSingleton(trust);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(new ShareService(settings.Name, store, kme, settings.Policy, settings.Protection));
        builder.Services.AddSingleton(password);
        // 64 KiB blocks for Kestrel's pipes: shares stream in and out in bulk (LargeBlockMemoryPool says why)
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>>(LargeBlockMemoryPoolFactory.Instance);
        // a share of the largest size, sealed in 4 KiB segments (the smallest a client may choose), plus headroom
        builder.WebHost.UseMutualTlsKestrel(settings.Listen, settings.MaxShareBytes + (settings.MaxShareBytes / 256) + (1 << 20));

        WebApplication app = builder.Build();
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            kme.Dispose();
            password.Dispose();
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        });
        app.MapShareServer();
        app.MapShareServerPassword();
        return app;
    }

    private static async Task<IShareStore> OpenStoreAsync(ShareServerSettings settings, TimeProvider time)
    {
        try
        {
            return settings.PostgresConnectionString is { } connection
                ? await PostgresShareStore.OpenAsync(connection, settings.PostgresSchema, time, settings.MaxShareBytes).ConfigureAwait(false)
                : await SqliteShareStore.OpenAsync(settings.StorePath, time, settings.MaxShareBytes, settings.MaxDatabaseBytes).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException or InvalidOperationException)
        {
            throw new ShareServerStartException($"cannot open the share store: {e.Message}", e);
        }
    }

    /// <summary>
    /// The server's TLS identity (certificate, key, CA), checked to name the server as configured: the certificate's
    /// common name is its SAE ID, for the share servers and the statistics servers alike. Throws
    /// <see cref="ShareServerStartException"/> with one line when it cannot be loaded or names another server.
    /// </summary>
    internal static TrustAnchor LoadNamedTrust(string certificatePath, string keyPath, string caPath, string name)
    {
        TrustAnchor trust;
        try
        {
            trust = TrustAnchor.Load(certificatePath, keyPath, caPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new ShareServerStartException($"cannot load the TLS certificate, key or CA: {e.Message}", e);
        }

        string certificateName = TrustAnchor.CommonName(trust.Certificate);
        if (!string.Equals(certificateName, name, StringComparison.Ordinal))
        {
            trust.Dispose();
            throw new ShareServerStartException($"the certificate names '{certificateName}', but the server is configured as '{name}'; they must agree (the name is the server's SAE ID).");
        }

        return trust;
    }
}
