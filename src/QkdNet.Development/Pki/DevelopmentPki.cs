using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Development.Pki;

/// <summary>
/// A development PKI: one ECDSA P-256 CA and, signed by it, a certificate per KME (server and client
/// authentication, names localhost and 127.0.0.1) and per SAE or admin (client authentication). The subject
/// common name is the KME ID, SAE ID or admin name, which is how a KME recognises its callers. PEM files:
/// <c>ca.crt</c>, and <c>NAME.crt</c> + <c>NAME.key</c> (PKCS#8, unencrypted, mode 600) per name, in a folder of mode 700.
/// The CA's private key is never written among them (whoever holds a node's files must not be able to issue
/// certificates): it is kept only in a folder of its own when asked (<c>ca.key</c>), and otherwise dropped once the
/// certificates are signed. Not for production: the keys are unencrypted.
/// </summary>
public static class DevelopmentPki
{
    /// <summary>Certificate lifetime.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(365);

    /// <summary>Creates the CA and the certificates in <paramref name="directory"/> (created when missing; existing files are refused).</summary>
    /// <param name="directory">The PEM folder.</param>
    /// <param name="kmes">KME (and controller) names: server and client certificates.</param>
    /// <param name="clients">SAE and admin names: client certificates.</param>
    /// <param name="time">The clock the validity starts from.</param>
    /// <param name="addresses">More IP addresses a KME's certificate names (beside 127.0.0.1), e.g. its interfaces in a network namespace.</param>
    /// <param name="caKeyDirectory">A folder (created mode 700) to keep the CA's private key in, apart from <paramref name="directory"/>; null to keep none.</param>
    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> Create(string directory, IEnumerable<string> kmes, IEnumerable<string> clients, TimeProvider time,
        IReadOnlyDictionary<string, IReadOnlyList<IPAddress>>? addresses = null, string? caKeyDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(directory);
        if (caKeyDirectory is not null && IsWithin(caKeyDirectory, directory))
        {
            throw new ArgumentException("The CA key must be kept outside the folder of certificates the nodes get.", nameof(caKeyDirectory));
        }

        StoreFiles.CreateFolder(directory);
        DateTimeOffset now = time.GetUtcNow();
        var written = new List<string>();
        using ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=QkdNet development CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using X509Certificate2 ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now + Validity + TimeSpan.FromDays(1));
        written.Add(Write(directory, "ca.crt", ca.ExportCertificatePem(), secret: false));
        if (caKeyDirectory is not null)
        {
            StoreFiles.CreateFolder(caKeyDirectory);
            written.Add(Write(caKeyDirectory, "ca.key", caKey.ExportPkcs8PrivateKeyPem(), secret: true));
        }

        foreach (string kme in kmes)
        {
            written.AddRange(Issue(directory, ca, caKey, kme, server: true, now, addresses?.GetValueOrDefault(kme) ?? []));
        }

        foreach (string client in clients)
        {
            written.AddRange(Issue(directory, ca, caKey, client, server: false, now, []));
        }

        return written;
    }

    /// <summary>
    /// The SHA-256 thumbprint (upper-case hex) of <c>NAME.crt</c> in <paramref name="directory"/>: the pin an admin
    /// entry of <c>node.json</c> needs (<c>"certificate_sha256"</c>), since a name alone could be on any certificate of the CA.
    /// </summary>
    public static string Sha256Of(string directory, string name)
    {
        using X509Certificate2 certificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(directory, name + ".crt"));
        return QkdNet.Node.Security.TrustAnchor.Sha256(certificate);
    }

    /// <summary>The password of the PKCS#12 files <see cref="WritePkcs12"/> writes (a development PKI's keys are unencrypted PEM beside them anyway).</summary>
    public const string Pkcs12Password = "qkdnet";

    /// <summary>
    /// Writes <c>NAME.p12</c> (certificate and key from <c>NAME.crt</c>/<c>NAME.key</c>, owner-only, password
    /// <see cref="Pkcs12Password"/>, AES-256 with PBKDF2-SHA256): what a browser imports to show the certificate to the dashboard.
    /// </summary>
    public static string WritePkcs12(string directory, string name)
    {
        using X509Certificate2 certificate = X509Certificate2.CreateFromPemFile(Path.Combine(directory, name + ".crt"), Path.Combine(directory, name + ".key"));
        byte[] bundle = certificate.ExportPkcs12(new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000), Pkcs12Password);
        try
        {
            string path = Path.Combine(directory, name + ".p12");
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = StoreFiles.OwnerOnlyFile;
            }

            using var file = new FileStream(path, options);
            file.Write(bundle);
            return path;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bundle);
        }
    }

    /// <summary>The admin entry of <c>node.json</c> for <paramref name="name"/>, pinned to its certificate in <paramref name="directory"/>.</summary>
    public static System.Text.Json.Nodes.JsonObject AdminEntry(string directory, string name) =>
        new() { ["name"] = name, ["certificate_sha256"] = Sha256Of(directory, name) };

    private static string[] Issue(string directory, X509Certificate2 ca, ECDsa caKey, string name, bool server, DateTimeOffset now, IReadOnlyList<IPAddress> addresses)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + name), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var usages = new OidCollection { new Oid("1.3.6.1.5.5.7.3.2") }; // client authentication
        if (server)
        {
            usages.Add(new Oid("1.3.6.1.5.5.7.3.1")); // server authentication
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            foreach (IPAddress address in addresses)
            {
                names.AddIpAddress(address);
            }

            request.CertificateExtensions.Add(names.Build());
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        byte[] serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;
        using X509Certificate2 certificate = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddMinutes(-5), now + Validity, serial);
        return
        [
            Write(directory, name + ".crt", certificate.ExportCertificatePem(), secret: false),
            Write(directory, name + ".key", key.ExportPkcs8PrivateKeyPem(), secret: true),
        ];
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or lies under it.</summary>
    private static bool IsWithin(string path, string folder)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        return string.Equals(full, root, StringComparison.Ordinal) || full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    private static string Write(string directory, string file, string pem, bool secret)
    {
        string path = Path.Combine(directory, file);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (secret && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = StoreFiles.OwnerOnlyFile;
        }

        using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
        writer.Write(pem);
        writer.Write('\n');
        return path;
    }
}
