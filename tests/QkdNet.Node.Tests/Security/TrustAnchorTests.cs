using System.Security.Cryptography.X509Certificates;
using QkdNet.Development.Pki;
using QkdNet.Node.Security;
using QkdNet.Node.Tests.Support;

namespace QkdNet.Node.Tests.Security;

/// <summary>
/// <see cref="TrustAnchor.IsTrusted(X509Certificate2, TlsRole)"/>: the check behind every handshake (Kestrel's client
/// check, the Kx, relay and controller clients' server check) wants the chain and the usage of the side it is on.
/// </summary>
[Collection(InProcessNetworkCollection.Name)]
public sealed class TrustAnchorTests(InProcessNetwork network)
{
    private DevelopmentNetwork Net => network.Network;

    [Theory]
    [InlineData(TlsRole.Client, TestCertificates.ClientAuth, true)]
    [InlineData(TlsRole.Client, TestCertificates.ServerAuth, false)]
    [InlineData(TlsRole.Server, TestCertificates.ServerAuth, true)]
    [InlineData(TlsRole.Server, TestCertificates.ClientAuth, false)]
    public void IsTrusted_WantsTheUsageOfItsSide(TlsRole role, string usage, bool trusted)
    {
        using TrustAnchor trust = TrustAnchor.Load(Path.Combine(Net.Pki, "A.crt"), Path.Combine(Net.Pki, "A.key"), Path.Combine(Net.Pki, "ca.crt"));
        string folder = Path.Combine(Net.Directory, "usage-" + Guid.NewGuid().ToString("N"));
        (string crt, _) = TestCertificates.Issue(Net.Pki, folder, "B", usage);
        using X509Certificate2 certificate = X509CertificateLoader.LoadCertificateFromFile(crt);

        Assert.Equal(trusted, trust.IsTrusted(certificate, role));
    }

    [Fact]
    public void IsTrusted_CertificateWithoutExtendedKeyUsage_IsRefusedOnEitherSide()
    {
        using TrustAnchor trust = TrustAnchor.Load(Path.Combine(Net.Pki, "A.crt"), Path.Combine(Net.Pki, "A.key"), Path.Combine(Net.Pki, "ca.crt"));
        string folder = Path.Combine(Net.Directory, "no-usage-" + Guid.NewGuid().ToString("N"));
        (string crt, _) = TestCertificates.Issue(Net.Pki, folder, "sae-a1");
        using X509Certificate2 certificate = X509CertificateLoader.LoadCertificateFromFile(crt);

        Assert.False(trust.IsTrusted(certificate, TlsRole.Client));
        Assert.False(trust.IsTrusted(certificate, TlsRole.Server));
    }
}
