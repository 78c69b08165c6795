using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using QkdNet.Node.Tests.Support;

namespace QkdNet.Node.Tests.Conformance;

/// <summary>
/// Shared helpers of the ETSI GS QKD 014 V1.1.1 conformance suite. Each clause is an abstract class deriving
/// from this; to run the suite against another KME, derive from each with a <see cref="KmeTarget"/> for it.
/// </summary>
public abstract class EtsiConformanceBase
{
    protected abstract KmeTarget Target { get; }

    protected static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    protected async Task<long> StoredKeyCountAsync()
    {
        using HttpClient master = Target.MasterClient();
        JsonElement status = await master.GetFromJsonAsync<JsonElement>($"api/v1/keys/{Target.Slave}/status");
        return status.GetProperty("stored_key_count").GetInt64();
    }

    /// <summary>enc_keys by POST; asserts 200 and returns (key_ID, key bytes) pairs.</summary>
    protected async Task<List<(string Id, byte[] Key)>> EncKeysAsync(string body)
    {
        using HttpClient master = Target.MasterClient();
        using HttpResponseMessage response = await master.PostAsync($"api/v1/keys/{Target.Slave}/enc_keys", Json(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return ReadKeys(await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    protected static List<(string Id, byte[] Key)> ReadKeys(JsonElement container) =>
        [.. container.GetProperty("keys").EnumerateArray().Select(k => (k.GetProperty("key_ID").GetString()!, Convert.FromBase64String(k.GetProperty("key").GetString()!)))];

    protected static string KeyIdsBody(IEnumerable<string> ids) =>
        JsonSerializer.Serialize(new { key_IDs = ids.Select(id => new { key_ID = id }) });

    /// <summary>Asserts the spec's error body: an object with a string <c>message</c> and, if present, an array <c>details</c>.</summary>
    protected static async Task<JsonElement> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        JsonElement error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        if (error.TryGetProperty("details", out JsonElement details))
        {
            Assert.Equal(JsonValueKind.Array, details.ValueKind);
        }

        return error;
    }
}
