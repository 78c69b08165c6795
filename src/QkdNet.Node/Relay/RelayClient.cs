using System.Net.Http.Json;
using System.Text.Json;
using QkdNet.KeyManagement;
using QkdNet.Node.Configuration;
using QkdNet.Node.Kx;
using QkdNet.Node.Security;

namespace QkdNet.Node.Relay;

/// <summary>
/// Sends relay hops to neighbouring KMEs over Kx (HTTPS, mutual TLS, one HTTP/2 pool per peer). Each post has its own
/// deadline: <see cref="HopTimeout"/> for a pad batch, and that times the hops still ahead for a relay hop, whose answer
/// waits for the rest of the path; so the hop nearest the fault times out first and names it. Thread-safe.
/// </summary>
public sealed class RelayClient : IDisposable
{
    private readonly Dictionary<KmeId, HttpClient> _clients = [];

    /// <summary>Creates the clients of every peer in <paramref name="settings"/>.</summary>
    public RelayClient(NodeSettings settings, TrustAnchor trust)
    {
        ArgumentNullException.ThrowIfNull(settings);
        HopTimeout = settings.Network?.Timeout ?? TimeSpan.FromSeconds(5);
        foreach (PeerSettings peer in settings.Peers)
        {
            HttpClient client = KxClient.Create(peer, trust);
            client.Timeout = Timeout.InfiniteTimeSpan; // each post sets its own deadline
            _clients.Add(peer.Id, client);
        }
    }

    /// <summary>How long one hop may take (the network section's relay timeout).</summary>
    public TimeSpan HopTimeout { get; }

    /// <summary>
    /// Posts one hop to <paramref name="peer"/>, which still has <paramref name="hopsAhead"/> hops to the destination after
    /// this one (0 on the last hop); the answer, or why there is none (status and ProblemDetails detail, or the transport failure).
    /// </summary>
    public Task<Result<KxRelayAnswer>> SendAsync(KmeId peer, KxRelayRequest request, int hopsAhead, CancellationToken cancellationToken) =>
        PostAsync<KxRelayRequest, KxRelayAnswer>(peer, "kx/v1/relay", request, HopTimeout * (1 + Math.Max(0, hopsAhead)), cancellationToken);

    /// <summary>Whether <paramref name="error"/> (from <see cref="SendAsync"/>) says the peer does not hold the pad the hop named.</summary>
    public static bool IsPadsOutOfSync(KmeId peer, string error) =>
        error.StartsWith($"'{peer}' answered {RelayEndpoints.PadsOutOfSyncStatus}", StringComparison.Ordinal);

    /// <summary>Posts a batch of pads to <paramref name="peer"/> to import; the answer, or why there is none.</summary>
    public Task<Result<KxRelayPadsAnswer>> ProvisionAsync(KmeId peer, KxRelayPads request, CancellationToken cancellationToken) =>
        PostAsync<KxRelayPads, KxRelayPadsAnswer>(peer, "kx/v1/relay/pads", request, HopTimeout, cancellationToken);

    private async Task<Result<TAnswer>> PostAsync<TRequest, TAnswer>(KmeId peer, string path, TRequest request, TimeSpan deadline, CancellationToken cancellationToken)
    {
        if (!_clients.TryGetValue(peer, out HttpClient? client))
        {
            return Result<TAnswer>.Fail($"'{peer}' is no peer of this node.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline);
        cancellationToken = timeout.Token;
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
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return Result<TAnswer>.Fail($"'{peer}' did not answer {path} within {deadline.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or JsonException)
        {
            return Result<TAnswer>.Fail($"'{peer}' unreachable ({e.GetType().Name}: {e.Message})");
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
