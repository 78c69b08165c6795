using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace QkdNet.Services.KeyDelivery;

/// <summary>
/// How an SAE reaches its KME: the base URL, the PEM files of its mutual-TLS identity and the CA bundle, and the
/// server it must find there (the KME ID as the certificate's common name, optionally a SHA-256 pin too).
/// </summary>
/// <param name="BaseUrl">The KME's base URL (the ETSI routes live under <c>api/v1/keys</c> below it).</param>
/// <param name="CaPem">The CA bundle the server's certificate must chain to.</param>
/// <param name="CertificatePem">The SAE's certificate, or null to present none.</param>
/// <param name="KeyPem">Its private key, or null.</param>
/// <param name="KmeId">The common name the server's certificate must carry: the KME ID it is reached as.</param>
/// <param name="KmeSha256">When set, the SHA-256 thumbprint (hex) the server's certificate must have too.</param>
public sealed record KmeConnection(Uri BaseUrl, string CaPem, string? CertificatePem, string? KeyPem, string KmeId, string? KmeSha256 = null)
{
    /// <summary>The request timeout of <see cref="CreateHttpClient"/>.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// An HTTP/2 handler presenting the SAE's certificate and accepting only the KME meant (see
    /// <see cref="KmeCertificates.IsExpectedServer"/>). Throws on unreadable PEM files: that is configuration, read once.
    /// </summary>
    public SocketsHttpHandler CreateHandler()
    {
        ArgumentException.ThrowIfNullOrEmpty(KmeId);
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(CaPem);
        X509Certificate2Collection mine = [];
        if (CertificatePem is not null && KeyPem is not null)
        {
            using var pem = X509Certificate2.CreateFromPemFile(CertificatePem, KeyPem);
            // re-import so the key is usable by SslStream on every platform (an ephemeral PEM key is not, on Windows)
            mine.Add(X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null));
        }

        string name = KmeId;
        string? pin = KmeSha256;
        return new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = mine,
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is X509Certificate2 c && KmeCertificates.IsExpectedServer(c, roots, name, pin),
            },
        };
    }

    /// <summary>An <see cref="HttpClient"/> over <see cref="CreateHandler"/> with <see cref="BaseUrl"/> (a trailing slash added when missing) as its base address, HTTP/2 preferred.</summary>
    public HttpClient CreateHttpClient() => new(CreateHandler())
    {
        // relative routes replace the last path segment of a base without a trailing slash (RFC 3986, 5.2.3)
        BaseAddress = BaseUrl.AbsolutePath.EndsWith('/') ? BaseUrl : new Uri(BaseUrl.AbsoluteUri + "/"),
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        Timeout = DefaultTimeout,
    };
}
