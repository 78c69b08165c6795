using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace QkdNet.Node.Tests.Conformance;

/// <summary>Clause 5.2 Get key (enc_keys), Key request (6.2) and Key container (6.3).</summary>
public abstract class GetKeyClauseTests : EtsiConformanceBase
{
    [Fact]
    public async Task EncKeys_GetWithoutParameters_ReturnsOneKeyOfDefaultSize()
    {
        using HttpClient master = Target.MasterClient();
        JsonElement status = await master.GetFromJsonAsync<JsonElement>($"api/v1/keys/{Target.Slave}/status");
        using HttpResponseMessage response = await master.GetAsync($"api/v1/keys/{Target.Slave}/enc_keys");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var keys = ReadKeys(await response.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Single(keys);
        Assert.Equal(status.GetProperty("key_size").GetInt32() / 8, keys[0].Key.Length);
        Assert.True(Guid.TryParseExact(keys[0].Id, "D", out _));
    }

    [Fact]
    public async Task EncKeys_GetWithNumberAndSize_ReturnsThatManyKeysOfThatSize()
    {
        using HttpClient master = Target.MasterClient();
        using HttpResponseMessage response = await master.GetAsync($"api/v1/keys/{Target.Slave}/enc_keys?number=3&size=512");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var keys = ReadKeys(await response.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal(3, keys.Count);
        Assert.All(keys, k => Assert.Equal(64, k.Key.Length));
        Assert.Equal(3, keys.Select(k => k.Id).Distinct().Count());
    }

    [Fact]
    public async Task EncKeys_PostKeyRequest_ReturnsDistinctKeysOfRequestedSize()
    {
        var keys = await EncKeysAsync("""{"number": 5, "size": 128}""");
        Assert.Equal(5, keys.Count);
        Assert.All(keys, k => Assert.Equal(16, k.Key.Length));
        Assert.Equal(5, keys.Select(k => Convert.ToBase64String(k.Key)).Distinct().Count());
    }

    [Fact]
    public async Task EncKeys_ThenDecKeysAtSlave_ReturnsSameBytesUnderSameKeyIds()
    {
        var master = await EncKeysAsync("""{"number": 4, "size": 256}""");
        using HttpClient slave = Target.SlaveClient();
        using HttpResponseMessage response = await slave.PostAsync($"api/v1/keys/{Target.Master}/dec_keys", Json(KeyIdsBody(master.Select(k => k.Id))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fetched = ReadKeys(await response.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal(master.Select(k => k.Id), fetched.Select(k => k.Id));
        for (int i = 0; i < master.Count; i++)
        {
            Assert.Equal(master[i].Key, fetched[i].Key);
        }
    }

    [Fact]
    public async Task EncKeys_WithAdditionalSlave_BothSlavesFetchTheSameKey()
    {
        var master = await EncKeysAsync($$"""{"number": 1, "size": 256, "additional_slave_SAE_IDs": ["{{Target.SecondSlave}}"]}""");
        foreach (HttpClient client in new[] { Target.SlaveClient(), Target.SecondSlaveClient() })
        {
            using (client)
            {
                using HttpResponseMessage response = await client.GetAsync($"api/v1/keys/{Target.Master}/dec_keys?key_ID={master[0].Id}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(master[0].Key, ReadKeys(await response.Content.ReadFromJsonAsync<JsonElement>())[0].Key);
            }
        }
    }

    [Fact]
    public async Task EncKeys_UnsupportedExtensionMandatory_Returns400WithSpecMessageAndConsumesNothing()
    {
        long before = await StoredKeyCountAsync();
        using HttpClient master = Target.MasterClient();
        using HttpResponseMessage response = await master.PostAsync($"api/v1/keys/{Target.Slave}/enc_keys",
            Json("""{"number": 1, "extension_mandatory": [{"abc_route_type": "direct"}]}"""));
        JsonElement error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("not all extension_mandatory parameters are supported", error.GetProperty("message").GetString());
        Assert.Equal("abc_route_type", error.GetProperty("details")[0].GetProperty("extension_mandatory_unsupported")[0].GetString());
        Assert.True(await StoredKeyCountAsync() >= before);
    }

    [Fact]
    public async Task EncKeys_ExtensionOptional_IsIgnored()
    {
        var keys = await EncKeysAsync("""{"number": 1, "extension_optional": [{"abc_whatever": 1}]}""");
        Assert.Single(keys);
    }
}
