using System.Collections.Concurrent;
using QkdNet.KeyManagement;

namespace QkdNet.Node.Kx;

/// <summary>
/// Whether each peer KME is known to import reservations, so a master reserves (and spends) key material only for a peer
/// that can take it. A peer is known ready after it imported one; until then, and again after any import it did not
/// confirm, the master asks it (<see cref="IKxClient.ReadinessAsync"/>, no key named, nothing spent) before each
/// reservation. Spending is then limited to the reservations in flight when a known-ready peer stops importing (it is
/// sealed by its operator, crashes or restarts sealed); after that first refusal a sealed peer costs nothing however often
/// it is asked. Thread-safe.
/// </summary>
/// <param name="kx">The Kx client that asks.</param>
public sealed class PeerReadiness(IKxClient kx)
{
    private readonly ConcurrentDictionary<KmeId, bool> _ready = new();

    /// <summary>Null when <paramref name="peer"/> is known ready or answers that it is; otherwise why not.</summary>
    public async Task<string?> CheckAsync(KmeId peer, CancellationToken cancellationToken)
    {
        if (_ready.TryGetValue(peer, out bool ready) && ready)
        {
            return null;
        }

        string? notReady = await kx.ReadinessAsync(peer, cancellationToken).ConfigureAwait(false);
        if (notReady is null)
        {
            _ready[peer] = true;
        }

        return notReady;
    }

    /// <summary>Records how <paramref name="peer"/> answered an import: confirmed keeps it known ready, anything else makes the next reservation ask first.</summary>
    public void Imported(KmeId peer, bool confirmed) => _ready[peer] = confirmed;
}
