using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Http;
using QkdNet.Node.Configuration;

namespace QkdNet.Node.Security;

/// <summary>
/// Maps a client certificate to a <see cref="Caller"/>. The rule: the subject common name is the SAE ID
/// (or the KME ID of a peer, or an admin name), as listed in <c>node.json</c>; where the entry pins a
/// SHA-256 thumbprint, the certificate must match it as well. Chain validation to the CA happens earlier,
/// in the TLS handshake. Thread-safe.
/// </summary>
public sealed class CallerResolver(NodeSettings settings)
{
    private readonly Dictionary<string, string?> _saes = settings.Saes.ToDictionary(s => s.Id.Value, s => s.CertificateSha256, StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _peers = settings.Peers.ToDictionary(p => p.Id.Value, p => p.CertificateSha256, StringComparer.Ordinal);
    private readonly HashSet<string> _admins = new(settings.Admins, StringComparer.Ordinal);

    /// <summary>The caller of <paramref name="context"/>'s connection.</summary>
    public Caller Resolve(HttpContext context) => Resolve(context.Connection.ClientCertificate);

    /// <summary>The caller holding <paramref name="certificate"/>.</summary>
    public Caller Resolve(X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return default;
        }

        string name = TrustAnchor.CommonName(certificate);
        if (_saes.TryGetValue(name, out string? pin))
        {
            return Matches(certificate, pin) ? new Caller(CallerKind.LocalSae, name) : default;
        }

        if (_peers.TryGetValue(name, out pin))
        {
            return Matches(certificate, pin) ? new Caller(CallerKind.PeerKme, name) : default;
        }

        return _admins.Contains(name) ? new Caller(CallerKind.Admin, name) : default;
    }

    /// <summary>Whether <paramref name="certificate"/> matches the pinned thumbprint (hex), if any; compared in constant time.</summary>
    internal static bool Matches(X509Certificate2 certificate, string? pin) =>
        pin is null || CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(TrustAnchor.Sha256(certificate)), Encoding.ASCII.GetBytes(pin));
}
