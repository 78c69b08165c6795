using QkdNet.Services.KeyDelivery;

namespace QkdNet.Development.Pki;

/// <summary>
/// HTTP clients that speak to a KME as an SAE would, built by the SAE client library (<see cref="KmeConnection"/>):
/// HTTP/2 over TLS with a client certificate, and only the server meant accepted (its certificate chains to the CA
/// file, is issued for server authentication, names the expected KME ID or controller name and, when a pin is
/// given, has that SHA-256 thumbprint). For typed ETSI 014 calls use <see cref="EtsiKeyDeliveryClient"/>.
/// </summary>
public static class EtsiClients
{
    /// <summary>A client for <paramref name="baseUrl"/> presenting <paramref name="certificatePem"/>/<paramref name="keyPem"/> (none when null).</summary>
    /// <param name="baseUrl">The KME's base URL.</param>
    /// <param name="caPem">The CA bundle the server's certificate must chain to.</param>
    /// <param name="certificatePem">The SAE's (or admin's) certificate, or null for none.</param>
    /// <param name="keyPem">Its private key, or null.</param>
    /// <param name="server">The common name the server's certificate must carry: the KME ID it is reached as.</param>
    /// <param name="serverSha256">When set, the SHA-256 thumbprint (hex) the server's certificate must have too.</param>
    public static HttpClient Create(Uri baseUrl, string caPem, string? certificatePem, string? keyPem, string server, string? serverSha256 = null) =>
        Connection(baseUrl, caPem, certificatePem, keyPem, server, serverSha256).CreateHttpClient();

    /// <summary>A client presenting <c>NAME.crt</c>/<c>NAME.key</c> from the PEM folder <paramref name="pki"/> to the KME named <paramref name="server"/>.</summary>
    public static HttpClient ForName(Uri baseUrl, string pki, string name, string server) => Connection(baseUrl, pki, name, server).CreateHttpClient();

    /// <summary>The connection of <see cref="ForName"/>, for an <see cref="EtsiKeyDeliveryClient"/>.</summary>
    public static KmeConnection Connection(Uri baseUrl, string pki, string name, string server) =>
        Connection(baseUrl, Path.Combine(pki, "ca.crt"), Path.Combine(pki, name + ".crt"), Path.Combine(pki, name + ".key"), server, null);

    private static KmeConnection Connection(Uri baseUrl, string caPem, string? certificatePem, string? keyPem, string server, string? serverSha256)
    {
        ArgumentException.ThrowIfNullOrEmpty(server);
        return new KmeConnection(baseUrl, caPem, certificatePem, keyPem, server, serverSha256);
    }
}
