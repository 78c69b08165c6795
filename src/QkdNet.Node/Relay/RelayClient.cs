using System.Net.Http.Json;
using System.Text.Json;
using QkdNet.KeyManagement;
using QkdNet.Node.Configuration;
using QkdNet.Node.Kx;
using QkdNet.Node.Security;

namespace QkdNet.Node.Relay;

/// <summary>Sends relay hops to neighbouring KMEs over Kx (HTTPS, mutual TLS, one HTTP/2 pool per peer). Thread-safe.</summary>
public sealed class RelayClient : IDisposable
{
    private readonly Dictionary<KmeId, HttpClient> _clients = [];

    /// <summary>Creates the clients of every peer in <paramref name="settings"/>.</summary>
    public RelayClient(NodeSettings settings, TrustAnchor trust)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (PeerSettings peer in settings.Peers)
        {
            HttpClient client = KxClient.Create(peer, trust);
            client.Timeout = settings.Network?.Timeout ?? client.Timeout;
            _clients.Add(peer.Id, client);
        }
    }

    /// <summary>Posts one hop to <paramref name="peer"/>; the answer, or why there is none (status and ProblemDetails detail, or the transport failure).</summary>
    public Task<Result<KxRelayAnswer>> SendAsync(KmeId peer, KxRelayRequest request, CancellationToken cancellationToken) =>
        PostAsync<KxRelayRequest, KxRelayAnswer>(peer, "kx/v1/relay", request, cancellationToken);

    /// <summary>Whether <paramref name="error"/> (from <see cref="SendAsync"/>) says the peer does not hold the pad the hop named.</summary>
    public static bool IsPadsOutOfSync(KmeId peer, string error) =>
        error.StartsWith($"'{peer}' answered {RelayHopOutcome.PadsOutOfSync}", StringComparison.Ordinal);

    /// <summary>Posts a batch of pads to <paramref name="peer"/> to import; the answer, or why there is none.</summary>
    public Task<Result<KxRelayPadsAnswer>> ProvisionAsync(KmeId peer, KxRelayPads request, CancellationToken cancellationToken) =>
        PostAsync<KxRelayPads, KxRelayPadsAnswer>(peer, "kx/v1/relay/pads", request, cancellationToken);

    private async Task<Result<TAnswer>> PostAsync<TRequest, TAnswer>(KmeId peer, string path, TRequest request, CancellationToken cancellationToken)
    {
        if (!_clients.TryGetValue(peer, out HttpClient? client))
        {
            return Result<TAnswer>.Fail($"'{peer}' is no peer of this node.");
        }

        try
        {
            using HttpResponseMessage response = await client.PostAsJsonAsync(path, request, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadFromJsonAsync<TAnswer>(cancellationToken).ConfigureAwait(false) is { } answer
                    ? answer
                    : Result<TAnswer>.Fail($"'{peer}' answered with an empty body.");
            }

            string detail = string.Empty;
            if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true)
            {
                using JsonDocument problem = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
                detail = problem.RootElement.TryGetProperty("detail", out JsonElement d) ? ": " + d.GetString() : string.Empty;
            }

            return Result<TAnswer>.Fail($"'{peer}' answered {(int)response.StatusCode}{detail}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException)
        {
            return Result<TAnswer>.Fail($"'{peer}' unreachable ({e.GetType().Name})");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (HttpClient client in _clients.Values)
        {
            client.Dispose();
        }
    }
}
