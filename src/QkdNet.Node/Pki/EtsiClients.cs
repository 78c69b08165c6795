using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using QkdNet.Node.Security;

namespace QkdNet.Node.Pki;

/// <summary>
/// HTTP clients that speak to a KME as an SAE would: HTTP/2 over TLS with a client certificate. The server must
/// be the one meant: its certificate chains to the CA file, is issued for server authentication, names the
/// expected KME ID (or controller name) as its common name and, when a pin is given, has that SHA-256 thumbprint.
/// The chain alone is not enough: every certificate of the CA, an SAE's or another KME's, chains to it.
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
    public static HttpClient Create(Uri baseUrl, string caPem, string? certificatePem, string? keyPem, string server, string? serverSha256 = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(server);
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(caPem);
        X509Certificate2Collection mine = [];
        if (certificatePem is not null && keyPem is not null)
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificatePem, keyPem);
            mine.Add(X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null));
        }

        string? pin = serverSha256?.ToUpperInvariant();
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = mine,
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is X509Certificate2 c && IsExpectedServer(c, roots, server, pin),
            },
        };
        return new HttpClient(handler)
        {
            BaseAddress = baseUrl,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>A client presenting <c>NAME.crt</c>/<c>NAME.key</c> from the PEM folder <paramref name="pki"/> to the KME named <paramref name="server"/>.</summary>
    public static HttpClient ForName(Uri baseUrl, string pki, string name, string server) =>
        Create(baseUrl, Path.Combine(pki, "ca.crt"), Path.Combine(pki, name + ".crt"), Path.Combine(pki, name + ".key"), server);

    /// <summary>Whether <paramref name="certificate"/> is the server <paramref name="name"/> (and <paramref name="pin"/>, if any) under <paramref name="roots"/>.</summary>
    internal static bool IsExpectedServer(X509Certificate2 certificate, X509Certificate2Collection roots, string name, string? pin) =>
        TrustAnchor.IsTrusted(certificate, roots, TlsRole.Server)
        && string.Equals(TrustAnchor.CommonName(certificate), name, StringComparison.Ordinal)
        && CallerResolver.Matches(certificate, pin);
}
