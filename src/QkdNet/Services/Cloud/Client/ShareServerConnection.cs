using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using QkdNet.Services.Cloud.Password;
using QkdNet.Services.Cloud.Transport;
using QkdNet.Services.KeyDelivery;

namespace QkdNet.Services.Cloud.Client;

/// <summary>
/// The owner's HTTPS connection (mutual TLS, HTTP/1.1 for bulk bodies) to one data server, accepting only the server
/// meant (its certificate chains to the CA and names the server). Every failure is a <see cref="ServerCall{T}"/>
/// value; only cancellation throws. Thread-safe.
/// </summary>
public sealed class ShareServerConnection : IDisposable
{
    private readonly HttpClient _http;

    /// <summary>A connection to <paramref name="server"/> at <paramref name="url"/> with the owner's identity.</summary>
    public ShareServerConnection(string server, Uri url, string caPem, string certificatePem, string keyPem, TimeSpan? timeout = null)
    {
        Server = server;
        var connection = new KmeConnection(url, caPem, certificatePem, keyPem, server);
        _http = new HttpClient(connection.CreateHandler())
        {
            BaseAddress = url.AbsolutePath.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/"),
            DefaultRequestVersion = HttpVersion.Version11,
            Timeout = timeout ?? TimeSpan.FromMinutes(5),
        };
        Password = new ShareServerOprfClient(_http);
    }

    /// <summary>This server's TOPPSS key share (the password scheme of docs/cloud-password.md), over the same connection.</summary>
    public IOprfServer Password { get; }

    /// <summary>The server's name (its certificate's common name, its SAE ID).</summary>
    public string Server { get; }

    /// <summary>Puts a sealed share.</summary>
    public Task<ServerCall<long>> PutAsync(string shareId, SealedPayload payload, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"v1/shares/{shareId}", payload, ReadVersionAsync, cancellationToken);

    /// <summary>
    /// Gets a share sealed under the keys <paramref name="keys"/> names: <paramref name="read"/> opens the body as it
    /// streams in, given the share version the answer's header reports (a broken stream is <see cref="ServerCallOutcome.Unreachable"/>).
    /// </summary>
    public Task<ServerCall<T>> GetAsync<T>(string shareId, SealedPayload keys, Func<long, Stream, Task<ServerCall<T>>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(read);
        return SendAsync(HttpMethod.Get, $"v1/shares/{shareId}", keys with { Body = null }, async response =>
        {
            if (!long.TryParse(response.Headers.TryGetValues("X-Share-Version", out IEnumerable<string>? v) ? v.FirstOrDefault() : null,
                NumberStyles.None, CultureInfo.InvariantCulture, out long version))
            {
                return ServerCall<T>.Fail(ServerCallOutcome.Garbage, 200, "the answer has no share version.");
            }

            await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return await read(version, body).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>Adds a sealed share of zero to a share at <paramref name="version"/>.</summary>
    public Task<ServerCall<long>> RefreshAsync(string shareId, long version, SealedPayload payload, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, FormattableString.Invariant($"v1/shares/{shareId}/refresh?version={version}"), payload, ReadVersionAsync, cancellationToken);

    /// <summary>Deletes a share.</summary>
    public Task<ServerCall<long>> DeleteAsync(string shareId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"v1/shares/{shareId}", null, ReadVersionAsync, cancellationToken);

    /// <summary>The caller's own shares on this server: identifier and length.</summary>
    public Task<ServerCall<IReadOnlyList<(string Id, long Length)>>> ListAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/shares", null, async response =>
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
                IReadOnlyList<(string, long)> list = [.. document.RootElement.EnumerateArray().Select(e => (e.GetProperty("id").GetString()!, e.GetProperty("length").GetInt64()))];
                return ServerCall<IReadOnlyList<(string Id, long Length)>>.Ok(list);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
            {
                return ServerCall<IReadOnlyList<(string Id, long Length)>>.Fail(ServerCallOutcome.Garbage, 200, "the list is not the expected JSON.");
            }
        }, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static async Task<ServerCall<long>> ReadVersionAsync(HttpResponseMessage response)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync().ConfigureAwait(false));
            return document.RootElement.TryGetProperty("version", out JsonElement v) && v.TryGetInt64(out long version)
                ? ServerCall<long>.Ok(version)
                : ServerCall<long>.Fail(ServerCallOutcome.Garbage, (int)response.StatusCode, "the answer has no version.");
        }
        catch (JsonException)
        {
            return ServerCall<long>.Fail(ServerCallOutcome.Garbage, (int)response.StatusCode, "the answer is not JSON.");
        }
    }

    private async Task<ServerCall<T>> SendAsync<T>(HttpMethod method, string route, SealedPayload? payload, Func<HttpResponseMessage, Task<ServerCall<T>>> read,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, route);
        if (payload is not null)
        {
            if (payload.Body is not null)
            {
                request.Content = payload.Body;
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            }

            request.Headers.Add(ShareProtectionPlan.HeaderName, payload.Plan.Header);
            request.Headers.Add(ShareProtectionPlan.KeyIdsHeaderName, string.Join(',', payload.KeyIds));
        }

        try
        {
            using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return await read(response).ConfigureAwait(false);
            }

            string reason = await ProblemDetailAsync(response, cancellationToken).ConfigureAwait(false);
            // 507: the server is up and answered, but its storage is full (a refusal, not an outage)
            ServerCallOutcome outcome = (int)response.StatusCode is >= 500 and not 507 ? ServerCallOutcome.Unreachable : ServerCallOutcome.Refused;
            return ServerCall<T>.Fail(outcome, (int)response.StatusCode, $"{(int)response.StatusCode}: {reason}");
        }
        catch (HttpRequestException e)
        {
            return ServerCall<T>.Fail(ServerCallOutcome.Unreachable, null, $"{Server} did not answer ({e.Message}).");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ServerCall<T>.Fail(ServerCallOutcome.Unreachable, null, $"{Server} did not answer in time.");
        }
        catch (IOException e)
        {
            return ServerCall<T>.Fail(ServerCallOutcome.Unreachable, null, $"{Server}: the connection failed ({e.Message}).");
        }
    }

    private static async Task<string> ProblemDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            ProblemBody? problem = await response.Content.ReadFromJsonAsync<ProblemBody>(cancellationToken).ConfigureAwait(false);
            return problem?.Detail ?? $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or HttpRequestException)
        {
            return $"HTTP {(int)response.StatusCode}";
        }
    }

    private sealed record ProblemBody(string? Detail);
}
