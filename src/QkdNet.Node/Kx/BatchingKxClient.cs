using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.Node.Configuration;
using QkdNet.Node.Security;

namespace QkdNet.Node.Kx;

/// <summary>
/// <see cref="IKxClient"/> that coalesces concurrent imports to the same peer into one
/// <c>POST /kx/v1/reservations/batch</c>: a few senders per peer each take whatever is queued (no added wait:
/// a lone import goes out at once, by the single route) so under load one Kx request and one store commit at
/// the peer serve many enc_keys requests. Blocks go through <see cref="KxClient"/> unchanged. Thread-safe.
/// </summary>
public sealed class BatchingKxClient : IKxClient, IDisposable
{
    /// <summary>Batches in flight per peer: enough to overlap one batch's round trip with the next one's queueing.</summary>
    private const int SendersPerPeer = 2;

    private readonly KxClient _single;
    private readonly Dictionary<KmeId, Channel<PendingImport>> _queues = [];
    private readonly Dictionary<KmeId, HttpClient> _clients = [];
    private readonly List<Task> _senders = [];

    /// <summary>Starts the senders of every peer in <paramref name="settings"/>.</summary>
    public BatchingKxClient(KxClient single, NodeSettings settings, TrustAnchor trust)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _single = single;
        foreach (PeerSettings peer in settings.Peers)
        {
            var queue = Channel.CreateUnbounded<PendingImport>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = false });
            _queues.Add(peer.Id, queue);
            _clients.Add(peer.Id, KxClient.Create(peer, trust));
            for (int i = 0; i < SendersPerPeer; i++)
            {
                _senders.Add(Task.Run(() => SendAsync(peer.Id, queue.Reader)));
            }
        }
    }

    /// <inheritdoc />
    public async Task<string?> ImportAsync(KmeId peer, ReservationDescriptor reservation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        var pending = new PendingImport(reservation);
        if (!_queues[peer].Writer.TryWrite(pending))
        {
            return "the Kx client is shut down";
        }

        return await pending.Outcome.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<string?> ReadinessAsync(KmeId peer, CancellationToken cancellationToken) => _single.ReadinessAsync(peer, cancellationToken);

    /// <inheritdoc />
    public Task<KxBlockOutcome> SendBlockAsync(KmeId peer, PoolId pool, BlockId block, ReadOnlyMemory<byte> material, CancellationToken cancellationToken) =>
        _single.SendBlockAsync(peer, pool, block, material, cancellationToken);

    /// <inheritdoc />
    public Task<KxBlockOutcome> AnnounceDeviceBlockAsync(KmeId peer, PoolId pool, BlockId block, IReadOnlyList<KeyId> keyIds, int keySizeBits, CancellationToken cancellationToken) =>
        _single.AnnounceDeviceBlockAsync(peer, pool, block, keyIds, keySizeBits, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (Channel<PendingImport> queue in _queues.Values)
        {
            queue.Writer.TryComplete();
        }

        Task.WaitAll([.. _senders], TimeSpan.FromSeconds(10));
        foreach (HttpClient client in _clients.Values)
        {
            client.Dispose();
        }
    }

    private async Task SendAsync(KmeId peer, ChannelReader<PendingImport> queue)
    {
        var batch = new List<PendingImport>(KxBatchEndpoints.MaxReservations);
        while (await queue.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < KxBatchEndpoints.MaxReservations && queue.TryRead(out PendingImport? next))
            {
                batch.Add(next);
            }

            try
            {
                IReadOnlyList<string?> outcomes = batch.Count == 1
                    ? [await _single.ImportAsync(peer, batch[0].Reservation, CancellationToken.None).ConfigureAwait(false)]
                    : await PostBatchAsync(peer, batch).ConfigureAwait(false);
                for (int i = 0; i < batch.Count; i++)
                {
                    batch[i].Outcome.TrySetResult(outcomes[i]);
                }
            }
#pragma warning disable CA1031 // a bug or a disposed client must fail these imports (nothing handed out), never stop the sender and leave callers waiting
            catch (Exception e)
#pragma warning restore CA1031
            {
                foreach (PendingImport pending in batch)
                {
                    pending.Outcome.TrySetResult($"Kx client failure ({e.GetType().Name})");
                }
            }

            batch.Clear();
        }
    }

    private async Task<IReadOnlyList<string?>> PostBatchAsync(KmeId peer, List<PendingImport> batch)
    {
        var body = new KxReservationBatch([.. batch.Select(p => KxReservationMapping.ToWire(p.Reservation))]);
        string? failure;
        try
        {
            using HttpResponseMessage response = await _clients[peer].PostAsJsonAsync("kx/v1/reservations/batch", body).ConfigureAwait(false);
            if (response.IsSuccessStatusCode
                && await response.Content.ReadFromJsonAsync<KxBatchOutcome>().ConfigureAwait(false) is { Failures.Count: var count } outcome
                && count == batch.Count)
            {
                return outcome.Failures;
            }

            failure = $"peer answered the batch with {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException)
        {
            failure = $"peer unreachable ({e.GetType().Name})";
        }

        return [.. batch.Select(_ => failure)];
    }

    private sealed class PendingImport(ReservationDescriptor reservation)
    {
        public ReservationDescriptor Reservation { get; } = reservation;

        public TaskCompletionSource<string?> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
