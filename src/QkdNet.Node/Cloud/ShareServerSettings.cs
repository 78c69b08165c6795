using System.Net;
using Microsoft.Extensions.Logging;
using QkdNet.Services.Cloud.Access;
using QkdNet.Services.Cloud.Transport;

namespace QkdNet.Node.Cloud;

/// <summary>A checked share-server configuration (<see cref="ShareServerConfigLoader"/>); paths are absolute.</summary>
/// <param name="Name">The server's name: its certificate's common name and its SAE ID at its KME.</param>
/// <param name="Listen">The HTTPS endpoint.</param>
/// <param name="CertificatePath">The server's certificate (PEM).</param>
/// <param name="KeyPath">Its private key (PEM).</param>
/// <param name="CaPath">The CA bundle every client must chain to.</param>
/// <param name="KmeUrl">The base URL of the KME this server is an SAE of.</param>
/// <param name="KmeId">That KME's ID (its certificate's common name).</param>
/// <param name="StorePath">The SQLite file, when <paramref name="PostgresConnectionString"/> is null.</param>
/// <param name="PostgresConnectionString">A PostgreSQL connection string, or null for SQLite.</param>
/// <param name="PostgresSchema">The schema of this server in that database.</param>
/// <param name="Policy">Who holds which role.</param>
/// <param name="MaxShareBytes">The largest share accepted, in bytes.</param>
/// <param name="Protection">What sealing of shares in transit is accepted.</param>
/// <param name="LogLevel">The minimum log level.</param>
public sealed record ShareServerSettings(
    string Name, IPEndPoint Listen, string CertificatePath, string KeyPath, string CaPath, Uri KmeUrl, string KmeId,
    string StorePath, string? PostgresConnectionString, string PostgresSchema, AccessPolicy Policy, long MaxShareBytes,
    ShareProtectionSettings Protection, LogLevel LogLevel)
{
    /// <summary>A quota on the SQLite store's file in bytes (<c>store.max_bytes</c>), or null for the device's size.</summary>
    public long? MaxDatabaseBytes { get; init; }
}
