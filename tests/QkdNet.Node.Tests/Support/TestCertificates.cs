using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace QkdNet.Node.Tests.Support;

/// <summary>
/// Certificates the development PKI would never issue, signed by its CA (<c>ca.crt</c> + <c>ca.key</c> of a PEM
/// folder): what an attacker holding some other certificate of the same CA, or a careless CA, could present.
/// </summary>
internal static class TestCertificates
{
    /// <summary><c>id-kp-serverAuth</c>.</summary>
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    /// <summary><c>id-kp-clientAuth</c>.</summary>
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    /// <summary>
    /// Writes <c>NAME.crt</c>/<c>NAME.key</c> into <paramref name="directory"/> for common name <paramref name="name"/>,
    /// signed by the CA of <paramref name="pki"/>, with exactly <paramref name="usages"/> as extended key usage (none: no such extension at all).
    /// </summary>
    /// <summary>Where a test network keeps its CA key: beside its PKI folder, never in it (the nodes get the PKI folder).</summary>
    public static string CaKeyFolder(string pki) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(pki))!, "ca-key");

    public static (string Certificate, string Key) Issue(string pki, string directory, string name, params string[] usages)
    {
        Directory.CreateDirectory(directory);
        using X509Certificate2 ca = X509Certificate2.CreateFromPemFile(Path.Combine(pki, "ca.crt"), Path.Combine(CaKeyFolder(pki), "ca.key"));
        using ECDsa caKey = ca.GetECDsaPrivateKey()!;
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        if (usages.Length > 0)
        {
            var oids = new OidCollection();
            foreach (string usage in usages)
            {
                oids.Add(new Oid(usage));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        }
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 certificate = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddMinutes(-5), now.AddDays(1), [1, 2, 3, 4, 5, 6, 7, 8]);
        string crt = Path.Combine(directory, name + ".crt"), pem = Path.Combine(directory, name + ".key");
        File.WriteAllText(crt, certificate.ExportCertificatePem());
        File.WriteAllText(pem, key.ExportPkcs8PrivateKeyPem());
        return (crt, pem);
    }
}
