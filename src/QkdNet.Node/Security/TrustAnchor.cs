using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using QkdNet.Services.KeyDelivery;

namespace QkdNet.Node.Security;

/// <summary>
/// The node's TLS identity and the CA bundle every peer must chain to. Validates client and server
/// certificates against that bundle alone (the machine's trust store plays no part), and each for its side of the
/// handshake (extended key usage). Thread-safe.
/// </summary>
public sealed class TrustAnchor : IDisposable
{
    /// <summary><c>id-kp-clientAuth</c> (RFC 5280, 4.2.1.12).</summary>
    public const string ClientAuthenticationOid = KmeCertificates.ClientAuthenticationOid;

    /// <summary><c>id-kp-serverAuth</c> (RFC 5280, 4.2.1.12).</summary>
    public const string ServerAuthenticationOid = KmeCertificates.ServerAuthenticationOid;

    private readonly X509Certificate2Collection _roots;

    private TrustAnchor(X509Certificate2 certificate, X509Certificate2Collection roots)
    {
        Certificate = certificate;
        _roots = roots;
    }

    /// <summary>This node's certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Loads the PEM certificate, its key and the CA bundle.</summary>
    public static TrustAnchor Load(string certificatePem, string keyPem, string caPem)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(caPem);
        if (roots.Count == 0)
        {
            throw new CryptographicException($"{caPem} holds no certificate.");
        }

        using var loaded = X509Certificate2.CreateFromPemFile(certificatePem, keyPem);
        // re-import so the key is usable by SslStream on every platform (an ephemeral PEM key is not, on Windows)
        X509Certificate2 certificate = X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null);
        return new TrustAnchor(certificate, roots);
    }

    /// <summary>Whether <paramref name="certificate"/> chains to the CA bundle, is valid now and was issued for <paramref name="role"/>.</summary>
    public bool IsTrusted(X509Certificate2 certificate, TlsRole role) => IsTrusted(certificate, _roots, role);

    /// <summary>
    /// Whether <paramref name="certificate"/> chains to <paramref name="roots"/> alone, is valid now, and carries the
    /// extended key usage of <paramref name="role"/>. A certificate without the extension is refused: the usage must
    /// be stated, so a server-only certificate can never pass as a client (an SAE or an admin) or the other way round.
    /// </summary>
    public static bool IsTrusted(X509Certificate2 certificate, X509Certificate2Collection roots, TlsRole role) =>
        KmeCertificates.IsTrusted(certificate, roots, UsageOf(role));

    private static string UsageOf(TlsRole role) => role switch
    {
        TlsRole.Client => ClientAuthenticationOid,
        TlsRole.Server => ServerAuthenticationOid,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    /// <summary>The certificate's subject common name (an SAE ID or a KME ID here), or empty.</summary>
    public static string CommonName(X509Certificate2 certificate) => KmeCertificates.CommonName(certificate);

    /// <summary>The SHA-256 thumbprint in upper-case hex.</summary>
    public static string Sha256(X509Certificate2 certificate) => KmeCertificates.Sha256(certificate);

    /// <inheritdoc />
    public void Dispose()
    {
        Certificate.Dispose();
        foreach (X509Certificate2 root in _roots)
        {
            root.Dispose();
        }
    }
}
