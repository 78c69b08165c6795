using System.Net;
using System.Text;
using QkdNet.Development.Pki;
using QkdNet.Node.Tests.Support;

namespace QkdNet.Node.Tests.Security;

/// <summary>An admin is its name and its pinned certificate: the name on another certificate of the same CA is nobody.</summary>
[Collection(InProcessNetworkCollection.Name)]
public sealed class AdminPinTests(InProcessNetwork network)
{
    private DevelopmentNetwork Net => network.Network;

    [Fact]
    public async Task AdminNameOnAnotherCertificateOfTheSameCa_IsForbiddenOnAdminRoutes()
    {
        string folder = Path.Combine(Net.Directory, "admin-impostor-" + Guid.NewGuid().ToString("N"));
        (string crt, string key) = TestCertificates.Issue(Net.Pki, folder, DevelopmentNetwork.Admin, TestCertificates.ClientAuth);
        using HttpClient impostor = EtsiClients.Create(Net.UrlA, Path.Combine(Net.Pki, "ca.crt"), crt, key, "A");
        using HttpResponseMessage response = await impostor.PostAsync("admin/v1/links/no-such-link/eavesdropper", new StringContent("""{"eve":"none"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task PinnedAdminCertificate_PassesTheAdminCheck()
    {
        using HttpClient ops = EtsiClients.ForName(Net.UrlA, Net.Pki, DevelopmentNetwork.Admin, "A");
        using HttpResponseMessage response = await ops.PostAsync("admin/v1/links/no-such-link/eavesdropper", new StringContent("""{"eve":"none"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
