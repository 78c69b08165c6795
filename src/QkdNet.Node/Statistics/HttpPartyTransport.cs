using System.Globalization;
using System.Net.Http.Headers;
using System.Threading.Channels;
using QkdNet.Services.Statistics.Transport;

namespace QkdNet.Node.Statistics;

/// <summary>
/// <see cref="IPartyTransport"/> between statistics servers: each message is one HTTPS POST (mutual TLS, the peer
/// checked by its certificate name) to the receiver's <c>/v1/stats/peer/{query}/messages?from=i</c>, which queues it
/// in its <see cref="PeerMailboxes"/>. Sends are awaited one after another, so each ordered pair stays FIFO. Counts
/// the payload bytes and messages it sends. One query, one instance, one thread of control.
/// </summary>
internal sealed class HttpPartyTransport(int self, IReadOnlyList<HttpClient> peers, PeerMailboxes mailboxes, string query) : IPartyTransport
{
    private long _bytes;
    private long _messages;

    public int Self => self;

    public int PartyCount => peers.Count;

    /// <summary>Payload bytes sent so far.</summary>
    public long BytesSent => Interlocked.Read(ref _bytes);

    /// <summary>Messages sent so far.</summary>
    public long MessagesSent => Interlocked.Read(ref _messages);

    public async ValueTask SendAsync(int to, byte[] payload, CancellationToken cancellationToken)
    {
        if (to == self)
        {
            return;
        }

        using var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        string route = string.Create(CultureInfo.InvariantCulture, $"v1/stats/peer/{query}/messages?from={self}");
        try
        {
            using HttpResponseMessage response = await peers[to].PostAsync(route, content, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new PartyUnavailableException(to, $"it refused a message (HTTP {(int)response.StatusCode})");
            }
        }
        catch (HttpRequestException e)
        {
            throw new PartyUnavailableException(to, $"unreachable ({e.Message})");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PartyUnavailableException(to, "it did not take a message in time");
        }

        Interlocked.Add(ref _bytes, payload.Length);
        Interlocked.Increment(ref _messages);
    }

    public async ValueTask<byte[]> ReceiveAsync(int from, CancellationToken cancellationToken)
    {
        try
        {
            return await mailboxes.Reader(query, from).ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new PartyUnavailableException(from, "it stopped the query");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new PartyUnavailableException(from, "no message within the round timeout");
        }
    }
}
