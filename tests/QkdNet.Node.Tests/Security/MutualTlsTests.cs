using System.Net;
using System.Text;
using QkdNet.Node.Pki;
using QkdNet.Node.Tests.Support;

namespace QkdNet.Node.Tests.Security;

[Collection(InProcessNetworkCollection.Name)]
public sealed class MutualTlsTests(InProcessNetwork network)
{
    private DevelopmentNetwork Net => network.Network;

    [Fact]
    public async Task NoClientCertificate_IsRejectedInTheHandshake()
    {
        using HttpClient anonymous = EtsiClients.Create(Net.UrlA, Path.Combine(Net.Pki, "ca.crt"), null, null);
        await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.GetAsync("api/v1/keys/sae-b1/status"));
    }

    [Fact]
    public async Task CertificateFromAnotherCa_IsRejectedInTheHandshake()
    {
        string other = Path.Combine(Net.Directory, "other-ca-" + Guid.NewGuid().ToString("N"));
        DevelopmentPki.Create(other, ["X"], ["sae-a1"], TimeProvider.System);
        using HttpClient impostor = EtsiClients.Create(Net.UrlA, Path.Combine(Net.Pki, "ca.crt"), Path.Combine(other, "sae-a1.crt"), Path.Combine(other, "sae-a1.key"));
        await Assert.ThrowsAsync<HttpRequestException>(() => impostor.GetAsync("api/v1/keys/sae-b1/status"));
    }

    [Fact]
    public async Task CertificateOfNoConfiguredSae_Gets401()
    {
        using HttpClient stranger = EtsiClients.ForName(Net.UrlA, Net.Pki, DevelopmentNetwork.Stranger);
        using HttpResponseMessage response = await stranger.GetAsync("api/v1/keys/sae-b1/enc_keys");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SaeOfAnotherKme_Gets401()
    {
        using HttpClient remote = EtsiClients.ForName(Net.UrlA, Net.Pki, "sae-b1");
        using HttpResponseMessage response = await remote.GetAsync("api/v1/keys/sae-a2/status");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PeerKmeCertificate_Gets401OnEtsiRoutes()
    {
        using HttpClient kme = EtsiClients.ForName(Net.UrlA, Net.Pki, "B");
        using HttpResponseMessage response = await kme.GetAsync("api/v1/keys/sae-b1/status");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SaeCertificate_IsForbiddenOnKx()
    {
        using HttpClient sae = EtsiClients.ForName(Net.UrlB, Net.Pki, "sae-b1");
        string body = """{"pool":"AB.A","master_sae":"sae-a1","slave_saes":["sae-b1"],"expires_at_unix_ms":0,"keys":[]}""";
        using HttpResponseMessage response = await sae.PostAsync("kx/v1/reservations", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
