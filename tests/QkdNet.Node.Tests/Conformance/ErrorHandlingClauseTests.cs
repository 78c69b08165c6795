using System.Net;
using System.Text;
using System.Text.Json;

namespace QkdNet.Node.Tests.Conformance;

/// <summary>
/// Error handling (clauses 5.x status codes and 6.5 Error): every bad input answers 400 or 401 with the
/// spec's error body, never anything else, and consumes no key.
/// </summary>
public abstract class ErrorHandlingClauseTests : EtsiConformanceBase
{
    /// <summary>The spec's message (clause 6.5 example) for a size that is not a multiple of 8.</summary>
    private const string SizeNotMultipleOf8Message = "size shall be a multiple of 8";

    public static TheoryData<string> BadKeyRequests => new()
    {
        "{",
        "[]",
        "null",
        "\"text\"",
        """{"number": "1"}""",
        """{"number": 0}""",
        """{"number": -1}""",
        """{"number": 1.5}""",
        """{"number": 99999999999}""",
        """{"number": 100000}""",
        """{"size": 7}""",
        """{"size": 12}""",
        """{"size": 0}""",
        """{"size": 1000000}""",
        """{"additional_slave_SAE_IDs": "sae"}""",
        """{"additional_slave_SAE_IDs": ["no-such-sae"]}""",
        """{"additional_slave_SAE_IDs": ["bad id with spaces"]}""",
        """{"extension_mandatory": "x"}""",
    };

    public static TheoryData<string> BadEncKeysQueries => new()
    {
        "number=abc",
        "number=0",
        "number=-5",
        "number=1&number=2",
        "size=7",
        "size=abc",
        "number=100000",
    };

    public static TheoryData<string> BadKeyIds => new()
    {
        "{",
        "{}",
        """{"key_IDs": []}""",
        """{"key_IDs": "x"}""",
        """{"key_IDs": [{"key_ID": "not-a-uuid"}]}""",
        """{"key_IDs": [{"key_ID": 5}]}""",
        """{"key_IDs": [null]}""",
        """{"key_IDs": [{"key_ID": "00000000-0000-0000-0000-000000000000"}]}""",
        """{"key_IDs": [{"key_ID": "0f8fad5b-d9cb-469f-a165-70867728950e"}, {"key_ID": "0f8fad5b-d9cb-469f-a165-70867728950e"}]}""",
        """{"key_IDs": [{"key_ID": "0f8fad5b-d9cb-469f-a165-70867728950e"}]}""",
    };

    [Theory]
    [MemberData(nameof(BadKeyRequests))]
    public async Task EncKeys_BadKeyRequest_Returns400AndConsumesNothing(string body)
    {
        long before = await StoredKeyCountAsync();
        using HttpClient master = Target.MasterClient();
        using HttpResponseMessage response = await master.PostAsync($"api/v1/keys/{Target.Slave}/enc_keys", Json(body));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.True(await StoredKeyCountAsync() >= before);
    }

    [Theory]
    [MemberData(nameof(BadEncKeysQueries))]
    public async Task EncKeys_BadQuery_Returns400AndConsumesNothing(string query)
    {
        long before = await StoredKeyCountAsync();
        using HttpClient master = Target.MasterClient();
        using HttpResponseMessage response = await master.GetAsync($"api/v1/keys/{Target.Slave}/enc_keys?{query}");
        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.True(await StoredKeyCountAsync() >= before);
    }

    [Theory]
    [InlineData("size=12")]
    [InlineData("size=260")]
    public async Task EncKeys_QuerySizeNotMultipleOf8_Returns400WithSpecMessage(string query)
    {
        using HttpClient master = Target.MasterClient();
        using HttpResponseMessage response = await master.GetAsync($"api/v1/keys/{Target.Slave}/enc_keys?{query}");
        JsonElement error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(SizeNotMultipleOf8Message, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task EncKeys_BodySizeNotMultipleOf8_Returns400WithSpecMessage()
    {
        using HttpClient master = Target.MasterClient();
        using HttpResponseMessage response = await master.PostAsync($"api/v1/keys/{Target.Slave}/enc_keys", Json("""{"size": 12}"""));
        JsonElement error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(SizeNotMultipleOf8Message, error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("size=8%00")]
    [InlineData("number=2%00%00")]
    [InlineData("number=%002")]
    [InlineData("number=%202")]
    [InlineData("size=8%20")]
    [InlineData("number=+2")]
    [InlineData("Number=2")]
    [InlineData("SIZE=8")]
    [InlineData("number=1&color=red")]
    public async Task EncKeys_QueryWithNulWhitespaceOrMisspelledName_Returns400AndConsumesNothing(string query)
    {
        long before = await StoredKeyCountAsync();
        using HttpClient master = Target.MasterClient();
        using HttpResponseMessage response = await master.GetAsync($"api/v1/keys/{Target.Slave}/enc_keys?{query}");
        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.True(await StoredKeyCountAsync() >= before);
    }

    [Theory]
    [InlineData("GET", "API/V1/KEYS/sae/other")]
    [InlineData("PUT", "API/V1/KEYS/sae/enc_keys")]
    [InlineData("GET", "Api/v1/keys")]
    public async Task ApiPrefix_OtherCase_UnknownRouteOrMethod_Returns400WithErrorBody(string method, string path)
    {
        using HttpClient master = Target.MasterClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        using HttpResponseMessage response = await master.SendAsync(request);
        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task EncKeys_OversizedBody_Returns400()
    {
        string body = "{\"extension_optional\": [{\"pad\": \"" + new string('x', 400_000) + "\"}]}";
        using HttpClient master = Target.MasterClient();
        using HttpResponseMessage response = await master.PostAsync($"api/v1/keys/{Target.Slave}/enc_keys", Json(body));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task EncKeys_UnknownSlave_Returns400()
    {
        using HttpClient master = Target.MasterClient();
        using HttpResponseMessage response = await master.PostAsync("api/v1/keys/no-such-sae/enc_keys", Json("{}"));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task EncKeys_SlaveIsTheCallerItself_Returns400()
    {
        using HttpClient master = Target.MasterClient();
        using HttpResponseMessage response = await master.PostAsync($"api/v1/keys/{Target.Master}/enc_keys", Json("{}"));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(BadKeyIds))]
    public async Task DecKeys_BadKeyIds_Returns400(string body)
    {
        using HttpClient slave = Target.SlaveClient();
        using HttpResponseMessage response = await slave.PostAsync($"api/v1/keys/{Target.Master}/dec_keys", Json(body));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("")]
    [InlineData("key_ID=abc")]
    [InlineData("key_ID=0f8fad5b-d9cb-469f-a165-70867728950e&key_ID=1f8fad5b-d9cb-469f-a165-70867728950e")]
    public async Task DecKeys_BadQuery_Returns400(string query)
    {
        using HttpClient slave = Target.SlaveClient();
        using HttpResponseMessage response = await slave.GetAsync($"api/v1/keys/{Target.Master}/dec_keys?{query}");
        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("GET", "api/v1/keys")]
    [InlineData("GET", "api/v1/keys/sae/other")]
    [InlineData("GET", "api/v1/keys/sae/status/extra")]
    [InlineData("PUT", "api/v1/keys/sae/enc_keys")]
    [InlineData("DELETE", "api/v1/keys/sae/dec_keys")]
    [InlineData("POST", "api/v1/keys/sae/status")]
    public async Task ApiPrefix_UnknownRouteOrMethod_Returns400WithErrorBody(string method, string path)
    {
        using HttpClient master = Target.MasterClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        using HttpResponseMessage response = await master.SendAsync(request);
        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task OutsideApiPrefix_GarbageUrl_Returns404()
    {
        using HttpClient master = Target.MasterClient();
        using HttpResponseMessage response = await master.GetAsync("no/such/thing");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
