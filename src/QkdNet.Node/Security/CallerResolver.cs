using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using QkdNet.Node.Configuration;
using QkdNet.Services.KeyDelivery;

namespace QkdNet.Node.Security;

/// <summary>
/// Maps a client certificate to a <see cref="Caller"/>. The rule: the subject common name is the SAE ID
/// (or the KME ID of a peer, or an admin name), as listed in <c>node.json</c>; where the entry pins a
/// SHA-256 thumbprint (always, for an admin), the certificate must match it as well. Chain validation to the CA
/// and the client-authentication usage are checked earlier, in the TLS handshake. Thread-safe.
/// </summary>
public sealed class CallerResolver(NodeSettings settings)
{
    private readonly Dictionary<string, string?> _saes = settings.Saes.ToDictionary(s => s.Id.Value, s => s.CertificateSha256, StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _peers = settings.Peers.ToDictionary(p => p.Id.Value, p => p.CertificateSha256, StringComparer.Ordinal);
    private static readonly object ConnectionItemKey = new();
    private readonly Dictionary<string, string?> _admins = settings.Admins.ToDictionary(a => a.Name, a => (string?)a.CertificateSha256, StringComparer.Ordinal);

    /// <summary>
    /// The caller of <paramref name="context"/>'s connection, worked out once per connection (the client
    /// certificate cannot change on it) and kept in the connection's items: reading the name from the
    /// certificate costs more than the rest of a small key request's routing.
    /// </summary>
    public Caller Resolve(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        IDictionary<object, object?>? items = context.Features.Get<IConnectionItemsFeature>()?.Items;
        if (items is not null && items.TryGetValue(ConnectionItemKey, out object? known) && known is Caller cached)
        {
            return cached;
        }

        Caller caller = Resolve(context.Connection.ClientCertificate);
        if (items is not null && context.Connection.ClientCertificate is not null)
        {
            items[ConnectionItemKey] = caller;
        }

        return caller;
    }

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

        return _admins.TryGetValue(name, out pin) && Matches(certificate, pin) ? new Caller(CallerKind.Admin, name) : default;
    }

    /// <summary>Whether <paramref name="certificate"/> matches the pinned thumbprint (hex), if any; compared in constant time.</summary>
    internal static bool Matches(X509Certificate2 certificate, string? pin) => KmeCertificates.MatchesPin(certificate, pin);
}
