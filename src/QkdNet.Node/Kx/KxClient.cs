using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.Node.Configuration;
using QkdNet.Node.Security;

namespace QkdNet.Node.Kx;

/// <summary>
/// <see cref="IKxClient"/> over HTTPS: one HTTP/2 connection pool per peer, this node's certificate as the
/// client certificate, and the peer's server certificate checked against the CA bundle, its usage (server authentication), its common name
/// (the peer's KME ID) and its pinned thumbprint, if any. Thread-safe.
/// </summary>
public sealed class KxClient : IKxClient, IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);
    private readonly Dictionary<KmeId, HttpClient> _clients = [];

    /// <summary>Creates the clients of every peer in <paramref name="settings"/>.</summary>
    public KxClient(NodeSettings settings, TrustAnchor trust)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(trust);
        foreach (PeerSettings peer in settings.Peers)
        {
            _clients.Add(peer.Id, Create(peer, trust));
        }
    }

    /// <inheritdoc />
    public async Task<string?> ImportAsync(KmeId peer, ReservationDescriptor reservation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        KxReservation body = KxReservationMapping.ToWire(reservation);
        try
        {
            using HttpResponseMessage response = await _clients[peer].PostAsJsonAsync("kx/v1/reservations", body, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"peer answered {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return $"peer unreachable ({e.GetType().Name})";
        }
    }

    /// <inheritdoc />
    public async Task<string?> ReadinessAsync(KmeId peer, CancellationToken cancellationToken)
    {
        try
        {
            using HttpResponseMessage response = await _clients[peer].GetAsync("kx/v1/readiness", cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"peer answered {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return $"peer unreachable ({e.GetType().Name})";
        }
    }

    /// <inheritdoc />
    public async Task<KxBlockOutcome> SendBlockAsync(KmeId peer, PoolId pool, BlockId block, ReadOnlyMemory<byte> material, CancellationToken cancellationToken)
    {
        byte[] copy = material.ToArray();
        try
        {
            var body = new KxBlock { Pool = pool.ToString(), BlockId = block.Value, Key = copy };
            using HttpResponseMessage response = await _clients[peer].PostAsJsonAsync("kx/v1/blocks", body, cancellationToken).ConfigureAwait(false);
            return Outcome(response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException)
        {
            return KxBlockOutcome.Unreachable;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }

    /// <inheritdoc />
    public async Task<KxBlockOutcome> AnnounceDeviceBlockAsync(KmeId peer, PoolId pool, BlockId block, IReadOnlyList<KeyId> keyIds, int keySizeBits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyIds);
        var body = new KxDeviceBlock(pool.ToString(), block.Value, [.. keyIds.Select(k => k.ToString())], keySizeBits);
        try
        {
            using HttpResponseMessage response = await _clients[peer].PostAsJsonAsync("kx/v1/device-blocks", body, cancellationToken).ConfigureAwait(false);
            return Outcome(response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException)
        {
            return KxBlockOutcome.Unreachable;
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

    /// <summary>What the peer's answer to a block (its bytes or its device key IDs) means: 409 and 400 are final.</summary>
    private static KxBlockOutcome Outcome(HttpStatusCode status) => status switch
    {
        HttpStatusCode.OK => KxBlockOutcome.Stored,
        HttpStatusCode.Conflict or HttpStatusCode.BadRequest => KxBlockOutcome.Refused,
        _ => KxBlockOutcome.Unreachable,
    };

    /// <summary>An HTTP/2 client for <paramref name="peer"/>'s Kx routes: this node's certificate, the peer's checked by CA, name and pin.</summary>
    internal static HttpClient Create(PeerSettings peer, TrustAnchor trust)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [trust.Certificate],
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is X509Certificate2 c && trust.IsTrusted(c, TlsRole.Server)
                    && string.Equals(TrustAnchor.CommonName(c), peer.Id.Value, StringComparison.Ordinal)
                    && CallerResolver.Matches(c, peer.CertificateSha256),
            },
        };
        string baseUrl = peer.KxUrl.AbsoluteUri.EndsWith('/') ? peer.KxUrl.AbsoluteUri : peer.KxUrl.AbsoluteUri + "/";
        return new HttpClient(handler)
        {
            BaseAddress = new Uri(baseUrl),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            Timeout = RequestTimeout,
        };
    }
}
