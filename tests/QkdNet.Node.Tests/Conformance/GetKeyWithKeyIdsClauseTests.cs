using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace QkdNet.Node.Tests.Conformance;

/// <summary>Clause 5.3 Get key with key IDs (dec_keys) and Key IDs (6.4).</summary>
public abstract class GetKeyWithKeyIdsClauseTests : EtsiConformanceBase
{
    /// <summary>The spec's message (clause 6.5 example) for a key ID the KME does not hold, or no longer holds.</summary>
    private const string KeysNotFoundMessage = "one or more keys specified are not found on KME";

    [Fact]
    public async Task DecKeys_GetWithKeyIdQuery_ReturnsThatKey()
    {
        var master = await EncKeysAsync("""{"number": 1}""");
        using HttpClient slave = Target.SlaveClient();
        using HttpResponseMessage response = await slave.GetAsync($"api/v1/keys/{Target.Master}/dec_keys?key_ID={master[0].Id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var keys = ReadKeys(await response.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal(master[0].Id, keys[0].Id);
        Assert.Equal(master[0].Key, keys[0].Key);
    }

    [Fact]
    public async Task DecKeys_SameKeyTwice_SecondIs400()
    {
        var master = await EncKeysAsync("""{"number": 1}""");
        using HttpClient slave = Target.SlaveClient();
        using (HttpResponseMessage first = await slave.GetAsync($"api/v1/keys/{Target.Master}/dec_keys?key_ID={master[0].Id}"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using HttpResponseMessage second = await slave.GetAsync($"api/v1/keys/{Target.Master}/dec_keys?key_ID={master[0].Id}");
        JsonElement error = await AssertErrorAsync(second, HttpStatusCode.BadRequest);
        Assert.Equal(KeysNotFoundMessage, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task DecKeys_UnknownKeyId_Returns400WithSpecMessage()
    {
        using HttpClient slave = Target.SlaveClient();
        using HttpResponseMessage response = await slave.GetAsync($"api/v1/keys/{Target.Master}/dec_keys?key_ID={Guid.NewGuid()}");
        JsonElement error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(KeysNotFoundMessage, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task DecKeys_LowerCaseKeyIdQueryParameter_Returns400AndTheKeyStaysDeliverable()
    {
        var master = await EncKeysAsync("""{"number": 1}""");
        using HttpClient slave = Target.SlaveClient();
        using (HttpResponseMessage refused = await slave.GetAsync($"api/v1/keys/{Target.Master}/dec_keys?key_id={master[0].Id}"))
        {
            await AssertErrorAsync(refused, HttpStatusCode.BadRequest);
        }

        using HttpResponseMessage ok = await slave.GetAsync($"api/v1/keys/{Target.Master}/dec_keys?key_ID={master[0].Id}");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Theory]
    [InlineData("%20{0}")]
    [InlineData("{0}%20")]
    [InlineData("{0}%09")]
    [InlineData("{0}%00")]
    public async Task DecKeys_KeyIdQueryWithSurroundingWhitespaceOrNul_Returns400(string pattern)
    {
        var master = await EncKeysAsync("""{"number": 1}""");
        using HttpClient slave = Target.SlaveClient();
        using HttpResponseMessage response = await slave.GetAsync($"api/v1/keys/{Target.Master}/dec_keys?key_ID={string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, master[0].Id)}");
        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData(" {0}")]
    [InlineData("{0} ")]
    [InlineData("\n{0}")]
    public async Task DecKeys_KeyIdInBodyWithSurroundingWhitespace_Returns400(string pattern)
    {
        var master = await EncKeysAsync("""{"number": 1}""");
        using HttpClient slave = Target.SlaveClient();
        string id = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, master[0].Id);
        using HttpResponseMessage response = await slave.PostAsync($"api/v1/keys/{Target.Master}/dec_keys", Json("{\"key_IDs\": [{\"key_ID\": \"" + id + "\"}]}"));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task DecKeys_CallerNotNamedAsSlave_Returns401AndTheSlaveStillGetsTheKey()
    {
        var master = await EncKeysAsync("""{"number": 1}""");
        using (HttpClient other = Target.SecondSlaveClient())
        using (HttpResponseMessage refused = await other.GetAsync($"api/v1/keys/{Target.Master}/dec_keys?key_ID={master[0].Id}"))
        {
            await AssertErrorAsync(refused, HttpStatusCode.Unauthorized);
        }

        using HttpClient slave = Target.SlaveClient();
        using HttpResponseMessage ok = await slave.GetAsync($"api/v1/keys/{Target.Master}/dec_keys?key_ID={master[0].Id}");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task DecKeys_WrongMasterInUrl_Returns401()
    {
        var master = await EncKeysAsync("""{"number": 1}""");
        using HttpClient slave = Target.SlaveClient();
        using HttpResponseMessage response = await slave.GetAsync($"api/v1/keys/{Target.SecondSlave}/dec_keys?key_ID={master[0].Id}");
        await AssertErrorAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task DecKeys_OneUnknownIdAmongKnown_Returns400AndConsumesNone()
    {
        var master = await EncKeysAsync("""{"number": 2}""");
        using HttpClient slave = Target.SlaveClient();
        string[] ids = [master[0].Id, Guid.NewGuid().ToString(), master[1].Id];
        using (HttpResponseMessage refused = await slave.PostAsync($"api/v1/keys/{Target.Master}/dec_keys", Json(KeyIdsBody(ids))))
        {
            JsonElement error = await AssertErrorAsync(refused, HttpStatusCode.BadRequest);
            Assert.Equal(KeysNotFoundMessage, error.GetProperty("message").GetString());
        }

        using HttpResponseMessage ok = await slave.PostAsync($"api/v1/keys/{Target.Master}/dec_keys", Json(KeyIdsBody(master.Select(k => k.Id))));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(2, ReadKeys(await ok.Content.ReadFromJsonAsync<JsonElement>()).Count);
    }
}
