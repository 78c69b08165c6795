using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace QkdNet.Node.Tests.Conformance;

/// <summary>Clause 5.3 Get key with key IDs (dec_keys) and Key IDs (6.4).</summary>
public abstract class GetKeyWithKeyIdsClauseTests : EtsiConformanceBase
{
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
        await AssertErrorAsync(second, HttpStatusCode.BadRequest);
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
            await AssertErrorAsync(refused, HttpStatusCode.BadRequest);
        }

        using HttpResponseMessage ok = await slave.PostAsync($"api/v1/keys/{Target.Master}/dec_keys", Json(KeyIdsBody(master.Select(k => k.Id))));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(2, ReadKeys(await ok.Content.ReadFromJsonAsync<JsonElement>()).Count);
    }
}
