using System.Net;
using System.Text;
using QkdNet.Development.Pki;
using QkdNet.Node.Tests.Support;

namespace QkdNet.Node.Tests.Kx;

/// <summary><c>POST /kx/v1/device-blocks</c> on a KME whose link is not a device link: only the source's peer may call, and it is told why not.</summary>
[Collection(InProcessNetworkCollection.Name)]
public sealed class KxDeviceBlockTests(InProcessNetwork network)
{
    private const string Announcement = """{"pool":"AB.A","block_id":"6f2a4c1e9b7d4e3a8c5f0d1e2f3a4b5c","key_ids":["6f2a4c1e-9b7d-4e3a-8c5f-0d1e2f3a4b5c"]}""";

    private DevelopmentNetwork Net => network.Network;

    [Fact]
    public async Task SaeCertificate_Is403()
    {
        using HttpClient sae = EtsiClients.ForName(Net.UrlB, Net.Pki, "sae-b1", "B");

        using HttpResponseMessage response = await sae.PostAsync("kx/v1/device-blocks", Json(Announcement));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task PeerThatDoesNotRunTheLinkSource_Is403()
    {
        using HttpClient b = EtsiClients.ForName(Net.UrlA, Net.Pki, "B", "A");

        using HttpResponseMessage response = await b.PostAsync("kx/v1/device-blocks", Json(Announcement));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task LinkWithoutADevice_Is400NamingItsSource()
    {
        using HttpClient a = EtsiClients.ForName(Net.UrlB, Net.Pki, "A", "B");

        using HttpResponseMessage response = await a.PostAsync("kx/v1/device-blocks", Json(Announcement));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("its source is random", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedBody_Is400()
    {
        using HttpClient a = EtsiClients.ForName(Net.UrlB, Net.Pki, "A", "B");

        using HttpResponseMessage response = await a.PostAsync("kx/v1/device-blocks", Json("""{"key_ids": 7"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
