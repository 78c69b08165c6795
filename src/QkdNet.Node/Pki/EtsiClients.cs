using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace QkdNet.Node.Pki;

/// <summary>HTTP clients that speak to a KME as an SAE would: HTTP/2 over TLS with a client certificate, the server checked against a CA file.</summary>
public static class EtsiClients
{
    /// <summary>A client for <paramref name="baseUrl"/> presenting <paramref name="certificatePem"/>/<paramref name="keyPem"/> (none when null).</summary>
    public static HttpClient Create(Uri baseUrl, string caPem, string? certificatePem, string? keyPem)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(caPem);
        X509Certificate2Collection mine = [];
        if (certificatePem is not null && keyPem is not null)
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificatePem, keyPem);
            mine.Add(X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null));
        }

        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = mine,
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is not X509Certificate2 server)
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.AddRange(roots);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(server);
                },
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

    /// <summary>A client presenting <c>NAME.crt</c>/<c>NAME.key</c> from the PEM folder <paramref name="pki"/>.</summary>
    public static HttpClient ForName(Uri baseUrl, string pki, string name) =>
        Create(baseUrl, Path.Combine(pki, "ca.crt"), Path.Combine(pki, name + ".crt"), Path.Combine(pki, name + ".key"));
}
