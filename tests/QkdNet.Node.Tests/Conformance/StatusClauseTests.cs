using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace QkdNet.Node.Tests.Conformance;

/// <summary>Clause 5.1 Get status, and the Status data format of clause 6.1.</summary>
public abstract class StatusClauseTests : EtsiConformanceBase
{
    [Fact]
    public async Task Status_ForReachableSlave_ReturnsEveryFieldOfClause6_1()
    {
        using HttpClient master = Target.MasterClient();
        using HttpResponseMessage response = await master.GetAsync($"api/v1/keys/{Target.Slave}/status");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement s = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.False(string.IsNullOrEmpty(s.GetProperty("source_KME_ID").GetString()));
        Assert.False(string.IsNullOrEmpty(s.GetProperty("target_KME_ID").GetString()));
        Assert.Equal(Target.Master, s.GetProperty("master_SAE_ID").GetString());
        Assert.Equal(Target.Slave, s.GetProperty("slave_SAE_ID").GetString());
        int keySize = s.GetProperty("key_size").GetInt32();
        int min = s.GetProperty("min_key_size").GetInt32(), max = s.GetProperty("max_key_size").GetInt32();
        Assert.True(min >= 1 && min <= keySize && keySize <= max);
        long stored = s.GetProperty("stored_key_count").GetInt64(), maxCount = s.GetProperty("max_key_count").GetInt64();
        Assert.True(stored >= 0 && stored <= maxCount);
        Assert.True(s.GetProperty("max_key_per_request").GetInt32() >= 1);
        Assert.True(s.GetProperty("max_SAE_ID_count").GetInt32() >= 0);
        Assert.Equal(JsonValueKind.Object, s.GetProperty("status_extension").ValueKind);
    }

    [Fact]
    public async Task Status_ReportsPoolStateInExtension()
    {
        using HttpClient master = Target.MasterClient();
        JsonElement s = await master.GetFromJsonAsync<JsonElement>($"api/v1/keys/{Target.Slave}/status");
        Assert.Contains(s.GetProperty("status_extension").GetProperty("qkdnet_pool_state").GetString(), new[] { "ready", "charging", "warning", "empty" });
    }

    [Fact]
    public async Task Status_UnknownSlave_Returns400WithErrorBody()
    {
        using HttpClient master = Target.MasterClient();
        using HttpResponseMessage response = await master.GetAsync("api/v1/keys/no-such-sae/status");
        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Status_SlaveIsTheCallerItself_Returns400LikeEncKeys()
    {
        using HttpClient master = Target.MasterClient();
        using HttpResponseMessage status = await master.GetAsync($"api/v1/keys/{Target.Master}/status");
        using HttpResponseMessage enc = await master.GetAsync($"api/v1/keys/{Target.Master}/enc_keys");
        JsonElement statusError = await AssertErrorAsync(status, HttpStatusCode.BadRequest);
        JsonElement encError = await AssertErrorAsync(enc, HttpStatusCode.BadRequest);
        Assert.Equal(encError.GetProperty("message").GetString(), statusError.GetProperty("message").GetString());
        Assert.Equal(encError.GetProperty("details").ToString(), statusError.GetProperty("details").ToString());
        Assert.Contains("caller itself", statusError.GetProperty("details").ToString(), StringComparison.Ordinal);
    }
}
