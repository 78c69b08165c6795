using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using QkdNet.Development.Pki;
using QkdNet.Node.Tests.Support;

namespace QkdNet.Node.Tests.Kx;

/// <summary>Concurrent enc_keys requests share Kx batches (<c>BatchingKxClient</c>); every key still reaches its slave intact.</summary>
[Collection(InProcessNetworkCollection.Name)]
public sealed class KxBatchTests(InProcessNetwork network)
{
    private DevelopmentNetwork Net => network.Network;

    [Fact]
    public async Task ConcurrentEncKeys_AllImportedAtTheSlave_DecKeysReturnTheSameBytes()
    {
        using HttpClient master = EtsiClients.ForName(Net.UrlA, Net.Pki, "sae-a1", "A");
        using HttpClient slave = EtsiClients.ForName(Net.UrlB, Net.Pki, "sae-b1", "B");

        JsonElement[] containers = await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
        {
            using HttpResponseMessage enc = await master.PostAsync("api/v1/keys/sae-b1/enc_keys", Json("""{"number":4,"size":256}"""));
            Assert.Equal(HttpStatusCode.OK, enc.StatusCode);
            return await enc.Content.ReadFromJsonAsync<JsonElement>();
        }));

        var sent = containers.SelectMany(c => c.GetProperty("keys").EnumerateArray())
            .ToDictionary(k => k.GetProperty("key_ID").GetString()!, k => k.GetProperty("key").GetString()!);
        Assert.Equal(128, sent.Count);
        string body = JsonSerializer.Serialize(new { key_IDs = sent.Keys.Select(id => new { key_ID = id }) });
        using HttpResponseMessage dec = await slave.PostAsync("api/v1/keys/sae-a1/dec_keys", Json(body));
        Assert.Equal(HttpStatusCode.OK, dec.StatusCode);
        JsonElement fetched = await dec.Content.ReadFromJsonAsync<JsonElement>();
        foreach (JsonElement key in fetched.GetProperty("keys").EnumerateArray())
        {
            Assert.Equal(sent[key.GetProperty("key_ID").GetString()!], key.GetProperty("key").GetString());
        }

        Assert.Equal(128, fetched.GetProperty("keys").GetArrayLength());
    }

    [Fact]
    public async Task BatchRoute_SaeCertificate_Is403()
    {
        using HttpClient sae = EtsiClients.ForName(Net.UrlB, Net.Pki, "sae-b1", "B");

        using HttpResponseMessage response = await sae.PostAsync("kx/v1/reservations/batch", Json("""{"reservations":[]}"""));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task BatchRoute_EmptyBatchFromThePeer_Is400()
    {
        using HttpClient peer = EtsiClients.ForName(Net.UrlB, Net.Pki, "A", "B");

        using HttpResponseMessage response = await peer.PostAsync("kx/v1/reservations/batch", Json("""{"reservations":[]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task BatchRoute_OneBadReservation_FailsAloneAndTheOthersAreAnswered()
    {
        using HttpClient peer = EtsiClients.ForName(Net.UrlB, Net.Pki, "A", "B");
        string bad = """{"pool":"AB.B","master_sae":"sae-a1","slave_saes":["sae-b1"],"expires_at_unix_ms":0,"keys":[]}""";
        string unknownBlock = """{"pool":"AB.A","master_sae":"sae-a1","slave_saes":["sae-b1"],"expires_at_unix_ms":4102444800000,"keys":[{"key_id":"6f2a4c1e-9b7d-4e3a-8c5f-0d1e2f3a4b5c","block":"no-such-block","offset":0,"length":32}]}""";

        using HttpResponseMessage response = await peer.PostAsync("kx/v1/reservations/batch", Json($$"""{"reservations":[{{bad}},{{unknownBlock}}]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement failures = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("failures");
        Assert.Equal(2, failures.GetArrayLength());
        Assert.StartsWith("peer answered 400", failures[0].GetString(), StringComparison.Ordinal);
        Assert.StartsWith("peer answered 409", failures[1].GetString(), StringComparison.Ordinal);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
