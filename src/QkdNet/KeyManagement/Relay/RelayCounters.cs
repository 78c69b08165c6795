using System.Collections.Concurrent;

namespace QkdNet.KeyManagement.Relay;

/// <summary>Running totals of relay work at one node, for <c>/metrics</c>. Thread-safe.</summary>
public sealed class RelayCounters
{
    private long _originated;
    private long _originFailures;
    private long _forwarded;
    private long _delivered;
    private long _padBitsSent;
    private long _confirmationFailures;
    private long _inFlight;
    private readonly Queue<(DateTimeOffset At, string Route)> _recent = new();
    private readonly ConcurrentDictionary<LinkId, long> _originatedOver = new();

    /// <summary>How many recent routes are kept.</summary>
    public const int RecentRouteCount = 10;

    /// <summary>Keys this node relayed to their destination as origin.</summary>
    public long Originated => Interlocked.Read(ref _originated);

    /// <summary>
    /// Keys this node relayed as origin whose shares crossed each link: a key counts once for every link any of its
    /// paths used, so <see cref="Originated"/> less a link's count is the keys that went around that link.
    /// </summary>
    public IReadOnlyDictionary<LinkId, long> OriginatedOver() => _originatedOver.ToDictionary(kv => kv.Key, kv => kv.Value);

    /// <summary>Relays this node started that failed (no key handed out).</summary>
    public long OriginFailures => Interlocked.Read(ref _originFailures);

    /// <summary>Shares this node passed on as an intermediate node.</summary>
    public long Forwarded => Interlocked.Read(ref _forwarded);

    /// <summary>Relayed keys stored here as destination.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Link key this node consumed for pads of hops it sent, in bits.</summary>
    public long PadBitsSent => Interlocked.Read(ref _padBitsSent);

    /// <summary>Relays this node started whose destination confirmed another key or manifest than the one made here: an attack on a path.</summary>
    public long ConfirmationFailures => Interlocked.Read(ref _confirmationFailures);

    /// <summary>Refused relay messages, by reason.</summary>
    public ConcurrentDictionary<RelayRejectionReason, long> Rejected { get; } = new();

    /// <summary>Relays started here and not yet concluded.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>The paths of the last <see cref="RecentRouteCount"/> keys relayed from here, newest last (node and link IDs only).</summary>
    public IReadOnlyList<(DateTimeOffset At, string Route)> RecentRoutes()
    {
        lock (_recent)
        {
            return [.. _recent];
        }
    }

    /// <summary>Counts a relay in flight until the returned scope is disposed.</summary>
    internal InFlightScope StartFlight()
    {
        Interlocked.Increment(ref _inFlight);
        return new InFlightScope(this);
    }

    internal void AddRoute(DateTimeOffset at, string route)
    {
        lock (_recent)
        {
            if (_recent.Count == RecentRouteCount)
            {
                _recent.Dequeue();
            }

            _recent.Enqueue((at, route));
        }
    }

    internal void AddOriginated() => Interlocked.Increment(ref _originated);

    /// <summary>Counts one key relayed from here over each of <paramref name="links"/> (a link named twice counts once).</summary>
    internal void AddOriginatedOver(IEnumerable<LinkId> links)
    {
        foreach (LinkId link in links.Distinct())
        {
            _originatedOver.AddOrUpdate(link, 1, static (_, n) => n + 1);
        }
    }

    internal void EndFlight() => Interlocked.Decrement(ref _inFlight);

    internal void AddOriginFailure() => Interlocked.Increment(ref _originFailures);

    internal void AddForwarded() => Interlocked.Increment(ref _forwarded);

    internal void AddDelivered() => Interlocked.Increment(ref _delivered);

    internal void AddPadBits(long bits) => Interlocked.Add(ref _padBitsSent, bits);

    internal void AddConfirmationFailure() => Interlocked.Increment(ref _confirmationFailures);

    internal void AddRejected(RelayRejectionReason reason) => Rejected.AddOrUpdate(reason, 1, static (_, n) => n + 1);
}

/// <summary>Ends a relay's count in flight (<see cref="RelayCounters.StartFlight"/>).</summary>
internal readonly struct InFlightScope(RelayCounters counters) : IDisposable
{
    public void Dispose() => counters.EndFlight();
}
