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

    /// <summary>Keys this node relayed to their destination as origin.</summary>
    public long Originated => Interlocked.Read(ref _originated);

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

    internal void AddOriginated() => Interlocked.Increment(ref _originated);

    internal void AddOriginFailure() => Interlocked.Increment(ref _originFailures);

    internal void AddForwarded() => Interlocked.Increment(ref _forwarded);

    internal void AddDelivered() => Interlocked.Increment(ref _delivered);

    internal void AddPadBits(long bits) => Interlocked.Add(ref _padBitsSent, bits);

    internal void AddConfirmationFailure() => Interlocked.Increment(ref _confirmationFailures);

    internal void AddRejected(RelayRejectionReason reason) => Rejected.AddOrUpdate(reason, 1, static (_, n) => n + 1);
}
