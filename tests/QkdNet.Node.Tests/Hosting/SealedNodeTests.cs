using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Node.Configuration;
using QkdNet.Node.Etsi;
using QkdNet.Node.Hosting;
using QkdNet.Development.Pki;
using QkdNet.Services.KeyDelivery;

namespace QkdNet.Node.Tests.Hosting;

/// <summary>
/// KME A of a development network, restarted without a passphrase so it comes up sealed: the key routes answer
/// 503 with the ETSI error body until an admin posts a threshold of the Shamir shares written at initialisation.
/// B is never started (sealing is decided before any peer is asked).
/// </summary>
public sealed class SealedNodeTests : IAsyncLifetime
{
    private const string UnknownKeyId = "6f2a4c1e-9b7d-4e3a-8c5f-0d1e2f3a4b5c";
    private DevelopmentNetwork _network = null!;
    private WebApplication? _node;
    private string[] _shares = [];

    public async Task InitializeAsync()
    {
        string directory = Path.Combine(Path.GetTempPath(), "qkdnet-sealed-tests-" + Guid.NewGuid().ToString("N"));
        _network = DevelopmentNetwork.Create(directory, ["sae-a1"], ["sae-b1"], pbkdf2Iterations: SealSetup.MinPbkdf2Iterations);
        SetUnseal(new JsonObject
        {
            ["passphrase_file"] = "passphrase",
            ["initialize"] = true,
            ["pbkdf2_iterations"] = 1000,
            ["share_threshold"] = 2,
            ["share_count"] = 3,
            ["shares_out"] = "shares.txt",
        });
        await using (WebApplication first = KmeHost.Build(Load()))
        {
            await first.StartAsync();
            await first.StopAsync();
        }

        _shares = await File.ReadAllLinesAsync(Path.Combine(directory, "shares.txt"));
        SetUnseal(new JsonObject());
        _node = KmeHost.Build(Load());
        await _node.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.StopAsync();
            await _node.DisposeAsync();
        }

        Directory.Delete(_network.Directory, recursive: true);
    }

    public static TheoryData<string, string, string?> KeyRoutes => new()
    {
        { "GET", "api/v1/keys/sae-b1/status", null },
        { "GET", "api/v1/keys/sae-b1/enc_keys?number=1&size=256", null },
        { "POST", "api/v1/keys/sae-b1/enc_keys", """{"number":1,"size":256}""" },
        { "GET", $"api/v1/keys/sae-b1/dec_keys?key_ID={UnknownKeyId}", null },
        { "POST", "api/v1/keys/sae-b1/dec_keys", $$"""{"key_IDs":[{"key_ID":"{{UnknownKeyId}}"}]}""" },
    };

    [Theory]
    [MemberData(nameof(KeyRoutes))]
    public async Task Sealed_KeyRoute_Answers503WithTheEtsiErrorBody(string method, string path, string? body)
    {
        using HttpClient sae = EtsiClients.ForName(_network.UrlA, _network.Pki, "sae-a1", "A");

        using HttpResponseMessage response = await SendAsync(sae, method, path, body);

        await AssertSealedAsync(response);
    }

    [Fact]
    public async Task Sealed_KeyDeliveryClient_GetsTypedUnavailableWithTheKmesMessage()
    {
        var retryOnce = new KeyDeliveryRetryPolicy(2, TimeSpan.Zero, TimeSpan.Zero);
        using var sae = EtsiKeyDeliveryClient.Create(EtsiClients.Connection(_network.UrlA, _network.Pki, "sae-a1", "A"), retryOnce, jitter: new Random(7));
        SaeId slave = SaeId.Create("sae-b1");

        Result<KmeStatus, KeyDeliveryError> status = await sae.GetStatusAsync(slave);
        Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> keys = await sae.GetKeysAsync(slave, 1, 256);
        Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> byId = await sae.GetKeysWithIdsAsync(slave, [KeyId.New()]);

        foreach (KeyDeliveryError? error in new[] { status.Error, keys.Error, byId.Error })
        {
            Assert.Equal(KeyDeliveryErrorKind.Unavailable, error!.Kind);
            Assert.Equal(503, error.StatusCode);
            Assert.Equal(EtsiMessages.Sealed, error.Message);
        }
    }

    [Fact]
    public async Task Unseal_ThresholdOfSharesThroughAdminRoute_OpensTheKeyRoutes()
    {
        using HttpClient admin = EtsiClients.ForName(_network.UrlA, _network.Pki, DevelopmentNetwork.Admin, "A");
        using HttpClient sae = EtsiClients.ForName(_network.UrlA, _network.Pki, "sae-a1", "A");

        using HttpResponseMessage unsealed = await admin.PostAsJsonAsync("admin/v1/unseal", new { shares = new[] { _shares[0], _shares[2] } });

        Assert.Equal(HttpStatusCode.OK, unsealed.StatusCode);
        Assert.False((await unsealed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sealed").GetBoolean());
        using HttpResponseMessage status = await sae.GetAsync("api/v1/keys/sae-b1/status");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    [Fact]
    public async Task HealthReady_Sealed_Is503AndSaysSealed_ThenUnsealedWithEmptyPools_Is503AndNamesThePools()
    {
        using HttpClient admin = EtsiClients.ForName(_network.UrlA, _network.Pki, DevelopmentNetwork.Admin, "A");
        using HttpClient sae = EtsiClients.ForName(_network.UrlA, _network.Pki, "sae-a1", "A");

        using HttpResponseMessage sealedAnswer = await sae.GetAsync("health/ready");
        JsonElement whileSealed = await sealedAnswer.Content.ReadFromJsonAsync<JsonElement>();
        using HttpResponseMessage unsealed = await admin.PostAsJsonAsync("admin/v1/unseal", new { shares = new[] { _shares[0], _shares[2] } });
        using HttpResponseMessage emptyAnswer = await sae.GetAsync("health/ready");
        JsonElement withEmptyPools = await emptyAnswer.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, sealedAnswer.StatusCode);
        Assert.True(whileSealed.GetProperty("sealed").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, unsealed.StatusCode);
        // B never runs, so the link's pools stay empty and the node is not ready to serve keys
        Assert.Equal(HttpStatusCode.ServiceUnavailable, emptyAnswer.StatusCode);
        Assert.False(withEmptyPools.GetProperty("sealed").GetBoolean());
        Assert.Contains("waiting for key on AB.A", withEmptyPools.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unseal_FewerSharesThanTheThreshold_Is400AndStaysSealed()
    {
        using HttpClient admin = EtsiClients.ForName(_network.UrlA, _network.Pki, DevelopmentNetwork.Admin, "A");
        using HttpClient sae = EtsiClients.ForName(_network.UrlA, _network.Pki, "sae-a1", "A");

        using HttpResponseMessage refused = await admin.PostAsJsonAsync("admin/v1/unseal", new { shares = new[] { _shares[1] } });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        await AssertSealedAsync(await sae.GetAsync("api/v1/keys/sae-b1/status"));
    }

    [Fact]
    public async Task Unseal_MalformedShare_Is400AndStaysSealed()
    {
        using HttpClient admin = EtsiClients.ForName(_network.UrlA, _network.Pki, DevelopmentNetwork.Admin, "A");
        using HttpClient sae = EtsiClients.ForName(_network.UrlA, _network.Pki, "sae-a1", "A");

        using HttpResponseMessage refused = await admin.PostAsJsonAsync("admin/v1/unseal", new { shares = new[] { _shares[0], "not-a-share" } });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        await AssertSealedAsync(await sae.GetAsync("api/v1/keys/sae-b1/status"));
    }

    [Fact]
    public async Task Unseal_BySaeCertificate_Is403AndStaysSealed()
    {
        using HttpClient sae = EtsiClients.ForName(_network.UrlA, _network.Pki, "sae-a1", "A");

        using HttpResponseMessage refused = await sae.PostAsJsonAsync("admin/v1/unseal", new { shares = _shares });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await AssertSealedAsync(await sae.GetAsync("api/v1/keys/sae-b1/status"));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, string? body) =>
        method == "GET" ? client.GetAsync(path) : client.PostAsync(path, new StringContent(body!, Encoding.UTF8, "application/json"));

    private static async Task AssertSealedAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            JsonElement error = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(EtsiMessages.Sealed, error.GetProperty("message").GetString());
            if (error.TryGetProperty("details", out JsonElement details))
            {
                Assert.Equal(JsonValueKind.Array, details.ValueKind);
            }
        }
    }

    private void SetUnseal(JsonObject unseal)
    {
        JsonObject config = JsonNode.Parse(File.ReadAllText(_network.ConfigA))!.AsObject();
        config["unseal"] = unseal;
        File.WriteAllText(_network.ConfigA, config.ToJsonString());
    }

    private NodeSettings Load()
    {
        Result<NodeSettings> result = NodeConfigLoader.Load(_network.ConfigA);
        return result.IsSuccess ? result.Value : throw new InvalidOperationException(result.Error);
    }
}
