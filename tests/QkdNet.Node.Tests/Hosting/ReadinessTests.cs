using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QkdNet.Development.Pki;
using QkdNet.Node.Tests.Support;

namespace QkdNet.Node.Tests.Hosting;

/// <summary><c>GET /health/ready</c> on a running, unsealed node whose link pools hold key: 200, every pool ready.</summary>
[Collection(InProcessNetworkCollection.Name)]
public sealed class ReadinessTests(InProcessNetwork network)
{
    [Fact]
    public async Task HealthReady_UnsealedWithKeyInEveryPool_Is200()
    {
        using HttpClient sae = EtsiClients.ForName(network.Network.UrlB, network.Network.Pki, "sae-b1", "B");

        using HttpResponseMessage response = await sae.GetAsync("health/ready");
        JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty("ready").GetBoolean());
        Assert.Equal(["AB.A", "AB.B"], body.GetProperty("pools").EnumerateArray().Select(p => p.GetProperty("pool").GetString()).Order());
    }
}
