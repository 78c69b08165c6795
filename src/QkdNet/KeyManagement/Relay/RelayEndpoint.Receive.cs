using System.Buffers.Binary;
using System.Security.Cryptography;

namespace QkdNet.KeyManagement.Relay;

/// <summary>The receiving side: decode, check path and sequence, claim the pad, verify, decrypt.</summary>
public sealed partial class RelayEndpoint
{
    /// <summary>
    /// Opens a message that arrived over <paramref name="link"/> from <paramref name="from"/>. Checks,
    /// in order: encoding, that the hop runs from <paramref name="from"/> to this node, that the
    /// sequence number is the next one for that link direction, the pad, the tag (constant-time).
    /// Only a message that passes all of them advances the sequence. Every refusal is a
    /// <see cref="RelayRejection"/> to audit; none carries key bytes.
    /// </summary>
    public Result<RelayDelivery, RelayRejection> Receive(ReadOnlySpan<byte> wire, LinkId link, KmeId from)
    {
        Result<RelayMessage, RelayRejection> decoded = RelayMessageCodec.Decode(wire);
        if (!decoded.IsSuccess)
        {
            return decoded.Cast<RelayDelivery>();
        }

        RelayMessage m = decoded.Value;
        RelayHeader h = m.Header;
        if (h.Receiver != Self || h.Sender != from)
        {
            return new RelayRejection(RelayRejectionReason.PathMismatch,
                $"hop {h.HopIndex} runs '{h.Sender}' -> '{h.Receiver}' but arrived at '{Self}' from '{from}' over link '{link}'.", h.RelayId);
        }

        Incoming state = _incoming.GetOrAdd((link, from), static _ => new Incoming());
        lock (state.Gate)
        {
            RelayRejectionReason? order = state.Check(m.Sequence);
            if (order is RelayRejectionReason reason)
            {
                return new RelayRejection(reason, reason == RelayRejectionReason.Replayed
                    ? $"sequence {m.Sequence} on link '{link}' from '{from}' was already accepted (or is too old to tell; newest {state.Last})."
                    : $"sequence {m.Sequence} on link '{link}' from '{from}' arrived after the later {state.Last}.", h.RelayId);
            }

            int shareLength = m.Ciphertext.Length;
            Result<RelayPad> claimed = _pads.Claim(link, from, m.PadKeyIds, PadBytes(shareLength));
            if (!claimed.IsSuccess)
            {
                return new RelayRejection(RelayRejectionReason.PadUnavailable, $"link '{link}': {claimed.Error}", h.RelayId);
            }

            using RelayPad pad = claimed.Value;
            if (pad.Length < PadBytes(shareLength))
            {
                return new RelayRejection(RelayRejectionReason.PadUnavailable,
                    $"link '{link}': the pad source gave {pad.Length} bytes, {PadBytes(shareLength)} needed.", h.RelayId);
            }

            Span<byte> expected = stackalloc byte[RelayMessageCodec.TagBytes];
            BinaryPrimitives.WriteUInt64BigEndian(expected, Tag(pad.Span, shareLength, wire, m.Sequence, h.Sender, h.Receiver));
            if (!CryptographicOperations.FixedTimeEquals(expected, wire[^RelayMessageCodec.TagBytes..]))
            {
                return new RelayRejection(RelayRejectionReason.Forged,
                    $"the tag of sequence {m.Sequence} on link '{link}' from '{from}' does not verify.", h.RelayId);
            }

            state.Accept(m.Sequence);
            byte[] share = new byte[shareLength];
            Xor(m.Ciphertext.Span, pad.Span[..shareLength], share);
            return new RelayDelivery(h, m.Sequence, m.PadKeyIds, KeyMaterial.TakeOwnership(share));
        }
    }
}
