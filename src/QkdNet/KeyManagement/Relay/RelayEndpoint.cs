using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using QkdNet.PostProcessing.Authentication;

namespace QkdNet.KeyManagement.Relay;

/// <summary>
/// One trusted node's end of hop-by-hop key relay (ITU-T Y.3803 (2020), Sec. 8 key relay; the scheme
/// QKDNetSim simulates, Mehic et al., Simul. Model. Pract. Theory 2017): each hop X -&gt; Y sends
/// share XOR k_XY with k_XY fresh link key, and a Wegman-Carter tag keyed by more fresh link key, so
/// the share is hidden from everyone but X and Y and any change is detected.
/// </summary>
/// <remarks>
/// Pad per hop: share length L bytes of one-time pad, then 8 bytes of polynomial-hash key and 8
/// bytes of tag pad (<see cref="PadBytes"/>); all of it is used once and zeroed. The tag is
/// <see cref="MessageAuthenticator"/>'s (Wegman and Carter, JCSS 22 (1981)): forgery probability at most
/// (words + 2) / 2^64 per message. Sequence numbers rise by one per link direction; a receiver refuses a number it
/// accepted before (replay) or one older than the newest it accepted (reordering). Thread-safe.
/// </remarks>
public sealed partial class RelayEndpoint
{
    private readonly IRelayPadSource _pads;
    private readonly ConcurrentDictionary<(LinkId, KmeId), Outgoing> _outgoing = new();
    private readonly ConcurrentDictionary<(LinkId, KmeId), Incoming> _incoming = new();

    /// <summary>An endpoint for node <paramref name="self"/> drawing pads from <paramref name="pads"/>.</summary>
    public RelayEndpoint(KmeId self, IRelayPadSource pads)
    {
        ArgumentNullException.ThrowIfNull(pads);
        Self = self;
        _pads = pads;
    }

    /// <summary>This node.</summary>
    public KmeId Self { get; }

    /// <summary>Link key consumed by one hop carrying a share of <paramref name="shareBytes"/> bytes, in bytes.</summary>
    public static int PadBytes(int shareBytes) => shareBytes + 16;

    /// <summary>
    /// Seals one hop: <paramref name="header"/>'s sender must be this node; the pad comes from
    /// <paramref name="link"/> to the header's receiver. Returns the wire bytes, or a rejection
    /// (<see cref="RelayRejectionReason.PadUnavailable"/>, <see cref="RelayRejectionReason.PathMismatch"/>).
    /// </summary>
    public Result<byte[], RelayRejection> Send(RelayHeader header, LinkId link, ReadOnlySpan<byte> share)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (header.Sender != Self)
        {
            return new RelayRejection(RelayRejectionReason.PathMismatch, $"hop {header.HopIndex} is sent by '{header.Sender}', not by this node '{Self}'.", header.RelayId);
        }

        if (share.Length is 0 or > RelayMessageCodec.MaxShareBytes)
        {
            return new RelayRejection(RelayRejectionReason.Malformed, $"a share must be 1 to {RelayMessageCodec.MaxShareBytes} bytes, got {share.Length}.", header.RelayId);
        }

        Result<RelayPad> taken = _pads.Take(link, header.Receiver, PadBytes(share.Length));
        if (!taken.IsSuccess)
        {
            return new RelayRejection(RelayRejectionReason.PadUnavailable, $"link '{link}': {taken.Error}", header.RelayId);
        }

        using RelayPad pad = taken.Value;
        if (pad.Length < PadBytes(share.Length))
        {
            return new RelayRejection(RelayRejectionReason.PadUnavailable, $"link '{link}': the pad source gave {pad.Length} bytes, {PadBytes(share.Length)} needed.", header.RelayId);
        }

        byte[] ciphertext = new byte[share.Length];
        Xor(share, pad.Span[..share.Length], ciphertext);
        ulong sequence = (ulong)Interlocked.Increment(ref _outgoing.GetOrAdd((link, header.Receiver), static _ => new Outgoing()).Last);
        byte[] wire = RelayMessageCodec.Encode(new RelayMessage(header, sequence, pad.KeyIds, ciphertext, 0));
        ulong tag = Tag(pad.Span, share.Length, wire, sequence, header.Sender, header.Receiver);
        RelayMessageCodec.WriteTag(wire, tag);
        return wire;
    }

    /// <summary>
    /// Re-seals a share received here for the next hop over <paramref name="nextLink"/>. The caller
    /// still owns (and disposes) <paramref name="delivery"/>.
    /// </summary>
    public Result<byte[], RelayRejection> Forward(RelayDelivery delivery, LinkId nextLink)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (delivery.Header.IsLastHop || delivery.Header.Receiver != Self)
        {
            return new RelayRejection(RelayRejectionReason.PathMismatch, $"this node '{Self}' is not an intermediate node of the path.", delivery.Header.RelayId);
        }

        return Send(delivery.Header.NextHop(), nextLink, delivery.Share.Span);
    }

    private static ulong Tag(ReadOnlySpan<byte> pad, int shareLength, ReadOnlySpan<byte> wire, ulong sequence, KmeId sender, KmeId receiver)
    {
        ulong hashKey = BinaryPrimitives.ReadUInt64LittleEndian(pad[shareLength..]);
        ulong tagPad = BinaryPrimitives.ReadUInt64LittleEndian(pad[(shareLength + 8)..]);
        // The direction bit keeps a message from being reflected back over the same link.
        AuthenticationRole direction = string.CompareOrdinal(sender.Value, receiver.Value) < 0 ? AuthenticationRole.Alice : AuthenticationRole.Bob;
        return MessageAuthenticator.ComputeTag(hashKey, tagPad, wire[..^RelayMessageCodec.TagBytes], sequence, direction);
    }

    private static void Xor(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (byte)(a[i] ^ b[i]);
        }
    }

    private sealed class Outgoing
    {
        public long Last;
    }

    /// <summary>
    /// Sequence state of one incoming link direction: the newest accepted number and a 64-wide window
    /// of which older ones were accepted (the anti-replay window of RFC 4303, Sec. 3.4.3). Newer than
    /// the newest is accepted (a lost message leaves a gap, not a stall); older and seen is a replay;
    /// older and unseen is a reordering; older than the window counts as a replay.
    /// </summary>
    private sealed class Incoming
    {
        public readonly Lock Gate = new();
        public ulong Last;
        private ulong _seen; // bit i: Last - i was accepted

        public RelayRejectionReason? Check(ulong sequence)
        {
            if (sequence > Last)
            {
                return null;
            }

            ulong age = Last - sequence;
            return age >= 64 || ((_seen >> (int)age) & 1) != 0 || sequence == 0 ? RelayRejectionReason.Replayed : RelayRejectionReason.Reordered;
        }

        public void Accept(ulong sequence)
        {
            if (sequence > Last)
            {
                ulong shift = sequence - Last;
                _seen = shift >= 64 ? 1UL : (_seen << (int)shift) | 1UL;
                Last = sequence;
            }
            else
            {
                _seen |= 1UL << (int)(Last - sequence);
            }
        }
    }
}
