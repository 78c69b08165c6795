using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace QkdNet.Services.KeyDelivery;

/// <summary>
/// The certificate checks both ends of an ETSI 014 or Kx connection make: chain to a CA bundle alone (the machine's
/// trust store plays no part), the extended key usage of the side presented, the common name and an optional
/// SHA-256 pin. One copy, used by the SAE client here and by the node's <c>TrustAnchor</c>. Thread-safe.
/// </summary>
public static class KmeCertificates
{
    /// <summary><c>id-kp-clientAuth</c> (RFC 5280, 4.2.1.12).</summary>
    public const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    /// <summary><c>id-kp-serverAuth</c> (RFC 5280, 4.2.1.12).</summary>
    public const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>
    /// Whether <paramref name="certificate"/> chains to <paramref name="roots"/> alone, is valid now, and carries the
    /// extended key usage <paramref name="usageOid"/>. A certificate without the extension is refused: the usage must
    /// be stated, so a server-only certificate can never pass as a client or the other way round.
    /// </summary>
    public static bool IsTrusted(X509Certificate2 certificate, X509Certificate2Collection roots, string usageOid)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentException.ThrowIfNullOrEmpty(usageOid);
        if (!HasUsage(certificate, usageOid))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // also checks that no CA on the path restricts its subordinates to other usages
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(usageOid));
        bool ok = chain.Build(certificate);
        foreach (X509ChainElement element in chain.ChainElements)
        {
            element.Certificate.Dispose();
        }

        return ok;
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> is the server <paramref name="name"/> under <paramref name="roots"/>:
    /// trusted for server authentication, <paramref name="name"/> as its common name and, when
    /// <paramref name="pin"/> is set, that SHA-256 thumbprint. The chain alone is not enough: every certificate of
    /// the CA, an SAE's or another KME's, chains to it.
    /// </summary>
    public static bool IsExpectedServer(X509Certificate2 certificate, X509Certificate2Collection roots, string name, string? pin) =>
        IsTrusted(certificate, roots, ServerAuthenticationOid)
        && string.Equals(CommonName(certificate), name, StringComparison.Ordinal)
        && MatchesPin(certificate, pin);

    /// <summary>Whether <paramref name="certificate"/> has the SHA-256 thumbprint <paramref name="pin"/> (hex, either case), or true when no pin; compared in constant time.</summary>
    public static bool MatchesPin(X509Certificate2 certificate, string? pin) =>
        pin is null || CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sha256(certificate)), Encoding.ASCII.GetBytes(pin.ToUpperInvariant()));

    /// <summary>The certificate's subject common name (an SAE ID or a KME ID here), or empty.</summary>
    public static string CommonName(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false) ?? string.Empty;
    }

    /// <summary>The SHA-256 thumbprint in upper-case hex.</summary>
    public static string Sha256(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));
    }

    /// <summary>Whether <paramref name="certificate"/> names <paramref name="usageOid"/> in its extended key usage extension.</summary>
    private static bool HasUsage(X509Certificate2 certificate, string usageOid)
    {
        foreach (X509Extension extension in certificate.Extensions)
        {
            if (extension is X509EnhancedKeyUsageExtension eku)
            {
                foreach (Oid oid in eku.EnhancedKeyUsages)
                {
                    if (oid.Value == usageOid)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
