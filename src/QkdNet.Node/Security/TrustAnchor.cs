using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace QkdNet.Node.Security;

/// <summary>
/// The node's TLS identity and the CA bundle every peer must chain to. Validates client and server
/// certificates against that bundle alone (the machine's trust store plays no part). Thread-safe.
/// </summary>
public sealed class TrustAnchor : IDisposable
{
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

    /// <summary>Whether <paramref name="certificate"/> chains to the CA bundle and is valid now.</summary>
    public bool IsTrusted(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        bool ok = chain.Build(certificate);
        foreach (X509ChainElement element in chain.ChainElements)
        {
            element.Certificate.Dispose();
        }

        return ok;
    }

    /// <summary>The certificate's subject common name (an SAE ID or a KME ID here), or empty.</summary>
    public static string CommonName(X509Certificate2 certificate) =>
        certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false) ?? string.Empty;

    /// <summary>The SHA-256 thumbprint in upper-case hex.</summary>
    public static string Sha256(X509Certificate2 certificate) =>
        Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));

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
