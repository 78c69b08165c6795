using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Relay;

namespace QkdNet.Tests.KeyManagement.Relay.Support;

/// <summary>
/// The relay transport of one node over memory: a hop goes straight to the neighbour's <see cref="KeyRelay.ReceiveAsync"/>,
/// with the faults a network can inflict on the way, chosen per receiving node: drop the hop, hold it until the test
/// releases it (delay, or reorder against another path), or change a byte of it (tamper). Every sealed hop sent is
/// kept, so a test can replay one. Answers as the Kx transport does (a refused hop is a failure naming the status).
/// </summary>
internal sealed class FaultyRelayTransport(KmeId self, IReadOnlyDictionary<KmeId, KeyRelay> relays) : IRelayHopTransport
{
    /// <summary>Receivers whose hops from this node are lost (the sender sees no answer).</summary>
    public HashSet<KmeId> DropTo { get; } = [];

    /// <summary>Receivers whose hops from this node arrive with one byte of the sealed message flipped.</summary>
    public HashSet<KmeId> TamperTo { get; } = [];

    /// <summary>Receivers whose hops from this node wait for the task before they are delivered (delay, reorder).</summary>
    public Dictionary<KmeId, Task> HoldTo { get; } = [];

    /// <summary>Called with every outcome a receiver gave a hop from this node.</summary>
    public Action<KmeId, RelayHopOutcome>? Delivered { get; set; }

    /// <summary>Every sealed hop this node sent, as it left (before any tampering).</summary>
    public List<(KmeId Peer, LinkId Link, byte[] Message)> Sent { get; } = [];

    public async Task<RelayHopReply> SendAsync(KmeId peer, LinkId link, byte[] message, int hopsAhead, CancellationToken cancellationToken)
    {
        lock (Sent)
        {
            Sent.Add((peer, link, [.. message]));
        }

        if (DropTo.Contains(peer))
        {
            return RelayHopReply.Failed($"'{peer}' did not answer (dropped)");
        }

        if (HoldTo.TryGetValue(peer, out Task? hold))
        {
            await hold.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        byte[] wire = message;
        if (TamperTo.Contains(peer))
        {
            // a byte of the ciphertext, just before the tag: the tag no longer verifies
            wire = [.. message];
            wire[^(RelayMessageCodec.TagBytes + 1)] ^= 0x01;
        }

        RelayHopOutcome outcome = await relays[peer].ReceiveAsync(self, link.Value, wire, cancellationToken).ConfigureAwait(false);
        Delivered?.Invoke(peer, outcome);
        return outcome.Status switch
        {
            RelayHopStatus.Stored => RelayHopReply.Answered(new RelayPathAnswer(true, outcome.Confirmation)),
            RelayHopStatus.Pending => RelayHopReply.Answered(new RelayPathAnswer(false, null)),
            RelayHopStatus.PadsOutOfSync => RelayHopReply.OutOfSync($"'{peer}' answered {outcome.Status}: {outcome.Detail}"),
            _ => RelayHopReply.Failed($"'{peer}' answered {outcome.Status}: {outcome.Detail}"),
        };
    }

    public async Task<Result<int>> ProvisionPadsAsync(KmeId peer, LinkId link, int padBytes, ReservationDescriptor pads, CancellationToken cancellationToken)
    {
        if (DropTo.Contains(peer))
        {
            return Result<int>.Fail($"'{peer}' did not answer (dropped)");
        }

        RelayHopOutcome outcome = await relays[peer].ReceivePadsAsync(self, link.Value, padBytes, pads, cancellationToken).ConfigureAwait(false);
        return outcome.Status == RelayHopStatus.Stored ? outcome.Pads : Result<int>.Fail($"'{peer}' answered {outcome.Status}: {outcome.Detail}");
    }
}
