using System.Buffers.Binary;
using System.Security.Cryptography;
using QkdNet.PostProcessing.Authentication;
using QkdNet.Services.Trading.Channel;

namespace QkdNet.Services.Cloud.Transport;

/// <summary>
/// Seals and opens a share (or a refresh delta) in transit under QKD keys, as a <see cref="ShareProtectionPlan"/> says.
/// One-time pad: c = m XOR k (Shannon, "Communication theory of secrecy systems", BSTJ 28 (1949), Theorem 6) followed
/// by the Wegman-Carter tag of c under the next 16 key bytes (<see cref="MessageAuthenticator"/>): information-theoretic
/// secrecy and integrity. AES-256-GCM (NIST SP 800-38D): segment i under key ⌊i·S/R⌋ with the 96-bit counter nonce
/// 0^32 || i and the context (share, direction) as associated data, so a segment cannot be moved, replayed in another
/// share or reflected. Every key is used once: the KME hands a key to each end once (ETSI GS QKD 014), and a replayed
/// key ID is refused by the receiver's KME. Thread-safe (no state).
/// </summary>
public static class ShareCipher
{
    /// <summary>The wire form of <paramref name="plain"/>; <paramref name="keys"/> holds the plan's keys concatenated in order.</summary>
    /// <param name="plan">The protection (its length must be the payload's).</param>
    /// <param name="keys">Exactly <see cref="ShareProtectionPlan.KeyBitsUsed"/> / 8 bytes of QKD key.</param>
    /// <param name="context">Associated data binding the payload to its share and direction.</param>
    /// <param name="direction">Who sends: <see cref="AuthenticationRole.Alice"/> the owner, <see cref="AuthenticationRole.Bob"/> the server.</param>
    /// <param name="plain">The payload.</param>
    public static byte[] Seal(ShareProtectionPlan plan, ReadOnlySpan<byte> keys, ReadOnlySpan<byte> context, AuthenticationRole direction, ReadOnlySpan<byte> plain)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Check(plan, keys, plain.Length);
        byte[] wire = new byte[plan.WireBytes];
        if (plan.Kind == ShareProtectionKind.OneTimePad)
        {
            PadXor.Apply(plain, keys, wire.AsSpan(0, plain.Length));
            BinaryPrimitives.WriteUInt64LittleEndian(wire.AsSpan(plain.Length), PadTag(plan, keys, context, direction, wire.AsSpan(0, plain.Length)));
            return wire;
        }

        using var segments = new ShareSegmentCipher(plan, keys, context, (byte)direction);
        for (long i = 0; i < plan.Segments; i++)
        {
            long from = i * plan.SegmentBytes;
            int length = segments.PlainLength(i);
            segments.Seal(i, plain.Slice((int)from, length), wire.AsSpan((int)(from + (i * ShareProtectionPlan.GcmTagBytes)), length + ShareProtectionPlan.GcmTagBytes));
        }

        return wire;
    }

    /// <summary>
    /// The payload of <paramref name="wire"/>, or null when it is not exactly the plan's length or any tag fails (then
    /// nothing of it is returned: the partly decrypted buffer is zeroed).
    /// </summary>
    public static byte[]? Open(ShareProtectionPlan plan, ReadOnlySpan<byte> keys, ReadOnlySpan<byte> context, AuthenticationRole direction, ReadOnlySpan<byte> wire)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (wire.Length != plan.WireBytes)
        {
            return null;
        }

        Check(plan, keys, plan.PlainBytes);
        byte[] plain = new byte[plan.PlainBytes];
        if (plan.Kind == ShareProtectionKind.OneTimePad)
        {
            ReadOnlySpan<byte> cipher = wire[..plain.Length];
            ulong expected = PadTag(plan, keys, context, direction, cipher);
            Span<byte> tag = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(tag, expected);
            if (!CryptographicOperations.FixedTimeEquals(tag, wire.Slice(plain.Length, 8)))
            {
                return null;
            }

            PadXor.Apply(cipher, keys, plain);
            return plain;
        }

        using var segments = new ShareSegmentCipher(plan, keys, context, (byte)direction);
        for (long i = 0; i < plan.Segments; i++)
        {
            long from = i * plan.SegmentBytes;
            int length = segments.PlainLength(i);
            if (!segments.Open(i, wire.Slice((int)(from + (i * ShareProtectionPlan.GcmTagBytes)), length + ShareProtectionPlan.GcmTagBytes), plain.AsSpan((int)from, length)))
            {
                CryptographicOperations.ZeroMemory(plain);
                return null;
            }
        }

        return plain;
    }

    private static void Check(ShareProtectionPlan plan, ReadOnlySpan<byte> keys, long plainBytes)
    {
        if (plan.PlainBytes != plainBytes || keys.Length * 8L != plan.KeyBitsUsed)
        {
            throw new ArgumentException("The payload or the key material does not match the protection plan.");
        }
    }

    private static ulong PadTag(ShareProtectionPlan plan, ReadOnlySpan<byte> keys, ReadOnlySpan<byte> context, AuthenticationRole direction, ReadOnlySpan<byte> cipher)
    {
        int at = (int)plan.PlainBytes;
        ulong hashKey = BinaryPrimitives.ReadUInt64LittleEndian(keys[at..]);
        ulong pad = BinaryPrimitives.ReadUInt64LittleEndian(keys[(at + 8)..]);
        // the context is bound as the sequence word: its first 8 bytes of SHA-256 (the keys are fresh per payload, so this
        // only ties the payload to the share it was sent for)
        ulong sequence = BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(context));
        return MessageAuthenticator.ComputeTag(hashKey, pad, cipher, sequence, direction);
    }
}
