namespace QkdNet.KeyManagement.Relay;

/// <summary>
/// The destination's collector of XOR shares: holds the shares of each relay until all have arrived,
/// then returns the key and forgets the shares. A relay not complete within <see cref="Timeout"/> is
/// abandoned by <see cref="AbandonExpired"/>, its shares zeroed, so no key stays half-delivered.
/// Thread-safe; time from the injected <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// What one intermediate node on one path cannot make it do: complete from fewer shares than this node's policy
/// (<see cref="RequiredShares"/>), so it cannot pass its own bytes off as a whole key by claiming a single share;
/// complete from shares whose manifests differ (every share carries the origin's manifest, and the others came over
/// paths it is not on), so it cannot change the key ID, the share count, the paths or the SAEs the key is for; take a
/// share over another path than the manifest gives for it (<see cref="RelayEndpoint.Receive"/> checks the hop's
/// sender). A share it altered yields a wrong key, which key confirmation shows the origin.
/// </remarks>
public sealed class RelayReassembler : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, Pending> _pending = [];
    private readonly TimeProvider _time;

    /// <summary>A reassembler for node <paramref name="self"/> that completes only relays of at least <paramref name="requiredShares"/> shares.</summary>
    public RelayReassembler(KmeId self, TimeSpan timeout, TimeProvider time, int requiredShares)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(requiredShares, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(requiredShares, RelayHeader.MaxShares);
        Self = self;
        Timeout = timeout;
        RequiredShares = requiredShares;
        _time = time;
    }

    /// <summary>
    /// The fewest shares (node-disjoint paths) a relay must come in to be completed here: the network's multipath
    /// setting, which every node of a network shares. A relay announcing fewer is refused.
    /// </summary>
    public int RequiredShares { get; }

    /// <summary>This (destination) node.</summary>
    public KmeId Self { get; }

    /// <summary>How long a relay may take from its first share to its last.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Relays with some but not all shares in.</summary>
    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>
    /// Adds a share that arrived on its last hop. Returns the completed relay (key and confirmation tag)
    /// when this was the last share, null while shares are missing, or a rejection (too few shares,
    /// duplicate, a manifest that differs from the earlier shares', a wrong length, not addressed here).
    /// A refused share leaves the relay's other shares as they were. The share is copied; the caller
    /// still disposes <paramref name="delivery"/>.
    /// </summary>
    public Result<RelayCompletion?, RelayRejection> Accept(RelayDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        RelayHeader h = delivery.Header;
        RelayManifest m = h.Manifest;
        if (!h.IsLastHop || h.Destination != Self)
        {
            return Reject(RelayRejectionReason.PathMismatch, $"the share is for '{h.Destination}', not for this node '{Self}'.", h.RelayId);
        }

        if (m.ShareCount < RequiredShares)
        {
            return Reject(RelayRejectionReason.TooFewShares,
                $"the relay claims {m.ShareCount} share(s); this node completes relays only over {RequiredShares} node-disjoint paths.", h.RelayId);
        }

        if (delivery.Share.Length != m.SecretBytes)
        {
            return Reject(RelayRejectionReason.ShareMismatch, $"share {h.ShareIndex} is {delivery.Share.Length} bytes; the manifest says {m.SecretBytes}.", h.RelayId);
        }

        lock (_lock)
        {
            if (!_pending.TryGetValue(h.RelayId, out Pending? p))
            {
                p = new Pending(m, _time.GetUtcNow());
                _pending[h.RelayId] = p;
            }
            else if (!p.Manifest.SameAs(m))
            {
                return Reject(RelayRejectionReason.ManifestMismatch,
                    $"share {h.ShareIndex} carries another manifest than the earlier shares (key ID, paths, share count or SAEs changed on the way).", h.RelayId);
            }

            if (p.Shares[h.ShareIndex] is not null)
            {
                return Reject(RelayRejectionReason.DuplicateShare, $"share {h.ShareIndex} arrived twice.", h.RelayId);
            }

            p.Shares[h.ShareIndex] = KeyMaterial.CopyOf(delivery.Share.Span);
            p.Received++;
            if (p.Received < m.ShareCount)
            {
                return (RelayCompletion?)null;
            }

            _pending.Remove(h.RelayId);
            using KeyMaterial secret = XorSharing.Combine(p.Shares!);
            p.Dispose();
            ulong confirmation = RelayConfirmation.Tag(secret.Span, m);
            return new RelayCompletion(m, KeyMaterial.CopyOf(secret.Span[..m.KeyBytes]), confirmation);
        }
    }

    private static Result<RelayCompletion?, RelayRejection> Reject(RelayRejectionReason reason, string detail, Guid relayId) =>
        new RelayRejection(reason, detail, relayId);

    /// <summary>Abandons every relay older than <see cref="Timeout"/>, zeroing its shares; returns their IDs to audit.</summary>
    public IReadOnlyList<Guid> AbandonExpired()
    {
        DateTimeOffset now = _time.GetUtcNow();
        lock (_lock)
        {
            List<Guid> expired = [.. _pending.Where(kv => now - kv.Value.Started >= Timeout).Select(kv => kv.Key).Order()];
            foreach (Guid id in expired)
            {
                _pending[id].Dispose();
                _pending.Remove(id);
            }

            return expired;
        }
    }

    /// <summary>Zeroes every share held.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            foreach (Pending p in _pending.Values)
            {
                p.Dispose();
            }

            _pending.Clear();
        }
    }

    private sealed class Pending(RelayManifest manifest, DateTimeOffset started) : IDisposable
    {
        public RelayManifest Manifest { get; } = manifest;

        public DateTimeOffset Started { get; } = started;

        public KeyMaterial?[] Shares { get; } = new KeyMaterial?[manifest.ShareCount];

        public int Received { get; set; }

        public void Dispose()
        {
            foreach (KeyMaterial? s in Shares)
            {
                s?.Dispose();
            }
        }
    }
}
