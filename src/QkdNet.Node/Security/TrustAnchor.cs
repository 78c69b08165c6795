using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace QkdNet.Node.Security;

/// <summary>
/// The node's TLS identity and the CA bundle every peer must chain to. Validates client and server
/// certificates against that bundle alone (the machine's trust store plays no part), and each for its side of the
/// handshake (extended key usage). Thread-safe.
/// </summary>
public sealed class TrustAnchor : IDisposable
{
    /// <summary><c>id-kp-clientAuth</c> (RFC 5280, 4.2.1.12).</summary>
    public const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    /// <summary><c>id-kp-serverAuth</c> (RFC 5280, 4.2.1.12).</summary>
    public const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

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
    public static bool IsTrusted(X509Certificate2 certificate, X509Certificate2Collection roots, TlsRole role)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(roots);
        Oid usage = UsageOf(role);
        if (!HasUsage(certificate, usage))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // also checks that no CA on the path restricts its subordinates to other usages
        chain.ChainPolicy.ApplicationPolicy.Add(usage);
        bool ok = chain.Build(certificate);
        foreach (X509ChainElement element in chain.ChainElements)
        {
            element.Certificate.Dispose();
        }

        return ok;
    }

    /// <summary>Whether <paramref name="certificate"/> names <paramref name="usage"/> in its extended key usage extension.</summary>
    private static bool HasUsage(X509Certificate2 certificate, Oid usage)
    {
        foreach (X509Extension extension in certificate.Extensions)
        {
            if (extension is X509EnhancedKeyUsageExtension eku)
            {
                foreach (Oid oid in eku.EnhancedKeyUsages)
                {
                    if (oid.Value == usage.Value)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static Oid UsageOf(TlsRole role) => role switch
    {
        TlsRole.Client => new Oid(ClientAuthenticationOid),
        TlsRole.Server => new Oid(ServerAuthenticationOid),
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

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
