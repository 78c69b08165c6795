using System.Net.Http.Json;
using System.Text.Json;

namespace QkdNet.Node.Tests.Support;

internal static class Wait
{
    /// <summary>Polls Get status until <paramref name="count"/> keys are stored (bounded: 60 s).</summary>
    public static async Task UntilStoredKeysAsync(HttpClient master, string slave, long count)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using HttpResponseMessage response = await master.GetAsync($"api/v1/keys/{slave}/status");
                if (response.IsSuccessStatusCode)
                {
                    JsonElement status = await response.Content.ReadFromJsonAsync<JsonElement>();
                    if (status.GetProperty("stored_key_count").GetInt64() >= count)
                    {
                        return;
                    }
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The KME did not store {count} keys for {slave} within 60 s.");
            }

            await Task.Delay(100);
        }
    }
}
