using System.Net;
using System.Text;
using QkdNet.Development.Pki;
using QkdNet.Node.Tests.Support;
using QkdNet.Services.KeyDelivery;

namespace QkdNet.Node.Tests.Security;

[Collection(InProcessNetworkCollection.Name)]
public sealed class MutualTlsTests(InProcessNetwork network)
{
    private DevelopmentNetwork Net => network.Network;

    [Fact]
    public async Task NoClientCertificate_IsRejectedInTheHandshake()
    {
        using HttpClient anonymous = EtsiClients.Create(Net.UrlA, Path.Combine(Net.Pki, "ca.crt"), null, null, "A");
        await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.GetAsync("api/v1/keys/sae-b1/status"));
    }

    [Fact]
    public async Task CertificateFromAnotherCa_IsRejectedInTheHandshake()
    {
        string other = Path.Combine(Net.Directory, "other-ca-" + Guid.NewGuid().ToString("N"));
        DevelopmentPki.Create(other, ["X"], ["sae-a1"], TimeProvider.System);
        using HttpClient impostor = EtsiClients.Create(Net.UrlA, Path.Combine(Net.Pki, "ca.crt"), Path.Combine(other, "sae-a1.crt"), Path.Combine(other, "sae-a1.key"), "A");
        await Assert.ThrowsAsync<HttpRequestException>(() => impostor.GetAsync("api/v1/keys/sae-b1/status"));
    }

    [Fact]
    public async Task CertificateOfNoConfiguredSae_Gets401()
    {
        using HttpClient stranger = EtsiClients.ForName(Net.UrlA, Net.Pki, DevelopmentNetwork.Stranger, "A");
        using HttpResponseMessage response = await stranger.GetAsync("api/v1/keys/sae-b1/enc_keys");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SaeOfAnotherKme_Gets401()
    {
        using HttpClient remote = EtsiClients.ForName(Net.UrlA, Net.Pki, "sae-b1", "A");
        using HttpResponseMessage response = await remote.GetAsync("api/v1/keys/sae-a2/status");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PeerKmeCertificate_Gets401OnEtsiRoutes()
    {
        using HttpClient kme = EtsiClients.ForName(Net.UrlA, Net.Pki, "B", "A");
        using HttpResponseMessage response = await kme.GetAsync("api/v1/keys/sae-b1/status");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SaeCertificate_IsForbiddenOnKx()
    {
        using HttpClient sae = EtsiClients.ForName(Net.UrlB, Net.Pki, "sae-b1", "B");
        string body = """{"pool":"AB.A","master_sae":"sae-a1","slave_saes":["sae-b1"],"expires_at_unix_ms":0,"keys":[]}""";
        using HttpResponseMessage response = await sae.PostAsync("kx/v1/reservations", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task SaeCertificateWithoutClientAuthenticationUsage_IsRejectedInTheHandshake()
    {
        string folder = Path.Combine(Net.Directory, "server-only-" + Guid.NewGuid().ToString("N"));
        (string crt, string key) = TestCertificates.Issue(Net.Pki, folder, "sae-a1", TestCertificates.ServerAuth);
        using HttpClient serverOnly = EtsiClients.Create(Net.UrlA, Path.Combine(Net.Pki, "ca.crt"), crt, key, "A");
        await Assert.ThrowsAsync<HttpRequestException>(() => serverOnly.GetAsync("api/v1/keys/sae-b1/status"));
    }

    [Fact]
    public async Task SaeCertificateWithClientAuthenticationUsage_IsAccepted()
    {
        string folder = Path.Combine(Net.Directory, "client-" + Guid.NewGuid().ToString("N"));
        (string crt, string key) = TestCertificates.Issue(Net.Pki, folder, "sae-a1", TestCertificates.ClientAuth);
        using HttpClient client = EtsiClients.Create(Net.UrlA, Path.Combine(Net.Pki, "ca.crt"), crt, key, "A");
        using HttpResponseMessage response = await client.GetAsync("api/v1/keys/sae-b1/status");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task EtsiClient_ReachingAnotherKmeOfTheSameCa_RefusesItInTheHandshake()
    {
        // B's certificate chains to the same CA and names 127.0.0.1 too; only its name tells it is not A
        using HttpClient meantForA = EtsiClients.ForName(Net.UrlB, Net.Pki, "sae-a1", "A");
        await Assert.ThrowsAsync<HttpRequestException>(() => meantForA.GetAsync("api/v1/keys/sae-b1/status"));
    }

    [Fact]
    public void EtsiClient_ServerCertificateCheck_WantsTheNameThePinAndServerAuthentication()
    {
        var roots = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        roots.ImportFromPemFile(Path.Combine(Net.Pki, "ca.crt"));
        using var a = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(Path.Combine(Net.Pki, "A.crt"));
        string folder = Path.Combine(Net.Directory, "client-named-a-" + Guid.NewGuid().ToString("N"));
        (string crt, _) = TestCertificates.Issue(Net.Pki, folder, "A", TestCertificates.ClientAuth);
        using var clientNamedA = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(crt);

        Assert.True(KmeCertificates.IsExpectedServer(a, roots, "A", null));
        Assert.True(KmeCertificates.IsExpectedServer(a, roots, "A", QkdNet.Node.Security.TrustAnchor.Sha256(a)));
        Assert.False(KmeCertificates.IsExpectedServer(a, roots, "B", null));
        Assert.False(KmeCertificates.IsExpectedServer(a, roots, "A", new string('0', 64)));
        Assert.False(KmeCertificates.IsExpectedServer(clientNamedA, roots, "A", null));
    }
}
