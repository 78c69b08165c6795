using System.Security.Cryptography.X509Certificates;
using QkdNet.Node.Configuration;
using QkdNet.Node.Security;

namespace QkdNet.Node.Controller.Dashboard;

/// <summary>
/// The dashboard's roles by client certificate: the TLS handshake has already chained it to the CA; here its common
/// name and SHA-256 must match a pinned admin (operator) or viewer of <see cref="ControllerSettings"/>, since a name
/// alone could be on any certificate of the CA.
/// </summary>
public static class DashboardAccess
{
    /// <summary>The role of <paramref name="certificate"/> (null: none presented).</summary>
    public static DashboardRole RoleOf(X509Certificate2? certificate, ControllerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (certificate is null)
        {
            return DashboardRole.None;
        }

        string name = TrustAnchor.CommonName(certificate);
        if (Pinned(settings.Admins, name, certificate))
        {
            return DashboardRole.Operator;
        }

        return Pinned(settings.Viewers, name, certificate) ? DashboardRole.Viewer : DashboardRole.Refused;
    }

    private static bool Pinned(IReadOnlyList<AdminSettings> pins, string name, X509Certificate2 certificate) =>
        pins.Any(p => string.Equals(p.Name, name, StringComparison.Ordinal) && CallerResolver.Matches(certificate, p.CertificateSha256));
}
