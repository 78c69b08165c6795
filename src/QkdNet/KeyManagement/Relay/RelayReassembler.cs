namespace QkdNet.KeyManagement.Relay;

/// <summary>
/// The destination's collector of XOR shares: holds the shares of each relay until all have arrived,
/// then returns the key and forgets the shares. A relay not complete within <see cref="Timeout"/> is
/// abandoned by <see cref="AbandonExpired"/>, its shares zeroed, so no key stays half-delivered.
/// Thread-safe; time from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class RelayReassembler : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, Pending> _pending = [];
    private readonly TimeProvider _time;

    /// <summary>A reassembler for node <paramref name="self"/>.</summary>
    public RelayReassembler(KmeId self, TimeSpan timeout, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        Self = self;
        Timeout = timeout;
        _time = time;
    }

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
    /// Adds a share that arrived on its last hop. Returns the key when this was the last share, null
    /// while shares are missing, or a rejection (duplicate, inconsistent, not addressed here). The
    /// share is copied; the caller still disposes <paramref name="delivery"/>.
    /// </summary>
    public RelayResult<KeyMaterial?> Accept(RelayDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        RelayHeader h = delivery.Header;
        if (!h.IsLastHop || h.Destination != Self)
        {
            return RelayResult<KeyMaterial?>.Reject(RelayRejectionReason.PathMismatch, $"the share is for '{h.Destination}', not for this node '{Self}'.", h.RelayId);
        }

        lock (_lock)
        {
            if (!_pending.TryGetValue(h.RelayId, out Pending? p))
            {
                p = new Pending(h, _time.GetUtcNow());
                _pending[h.RelayId] = p;
            }
            else if (p.First.RelayedKeyId != h.RelayedKeyId || p.First.Origin != h.Origin || p.First.ShareCount != h.ShareCount)
            {
                return RelayResult<KeyMaterial?>.Reject(RelayRejectionReason.ShareMismatch,
                    $"share {h.ShareIndex} disagrees with earlier shares on key ID, origin or share count.", h.RelayId);
            }

            if (p.Shares[h.ShareIndex] is not null)
            {
                return RelayResult<KeyMaterial?>.Reject(RelayRejectionReason.DuplicateShare, $"share {h.ShareIndex} arrived twice.", h.RelayId);
            }

            if (p.Received > 0 && p.Shares.First(s => s is not null)!.Length != delivery.Share.Length)
            {
                return RelayResult<KeyMaterial?>.Reject(RelayRejectionReason.ShareMismatch, $"share {h.ShareIndex} has a different length.", h.RelayId);
            }

            p.Shares[h.ShareIndex] = KeyMaterial.CopyOf(delivery.Share.Span);
            p.Received++;
            if (p.Received < h.ShareCount)
            {
                return (KeyMaterial?)null;
            }

            _pending.Remove(h.RelayId);
            KeyMaterial key = XorSharing.Combine(p.Shares!);
            p.Dispose();
            return key;
        }
    }

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

    private sealed class Pending(RelayHeader first, DateTimeOffset started) : IDisposable
    {
        public RelayHeader First { get; } = first;

        public DateTimeOffset Started { get; } = started;

        public KeyMaterial?[] Shares { get; } = new KeyMaterial?[first.ShareCount];

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
