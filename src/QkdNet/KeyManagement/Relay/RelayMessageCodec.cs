using System.Buffers.Binary;

namespace QkdNet.KeyManagement.Relay;

/// <summary>
/// The compact binary form of a <see cref="RelayMessage"/>, version 2, big-endian:
/// <c>"QR" | version | flags(0) | manifest (<see cref="RelayManifest"/>: relay and key IDs, key length, expiry,
/// SAEs, every share's path) | share index | hop index | sequence (8) | pad key count | pad key IDs (16 each) |
/// ciphertext length (2) | ciphertext | tag (8)</c>. The tag covers every byte before it, so each hop's tag also
/// authenticates the manifest; version 1 carried only its own share's path and the share count, which let an
/// intermediate node rewrite them unnoticed.
/// </summary>
public static partial class RelayMessageCodec
{
    /// <summary>The wire version written and read.</summary>
    public const byte Version = 2;

    /// <summary>Largest share carried, in bytes (32,768 bits).</summary>
    public const int MaxShareBytes = 4096;

    /// <summary>Most link keys one pad may come from.</summary>
    public const int MaxPadKeys = 64;

    /// <summary>Size of the tag at the end, in bytes.</summary>
    public const int TagBytes = 8;

    private const byte Magic0 = (byte)'Q';
    private const byte Magic1 = (byte)'R';

    /// <summary>Encodes <paramref name="message"/>; the tag is written as given.</summary>
    public static byte[] Encode(RelayMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        RelayHeader h = message.Header;
        ReadOnlySpan<byte> manifest = h.Manifest.Canonical;
        int length = 4 + manifest.Length + 2 + 8 + 1 + (16 * message.PadKeyIds.Count) + 2 + message.Ciphertext.Length + TagBytes;
        if (message.Ciphertext.Length is 0 or > MaxShareBytes || message.PadKeyIds.Count is 0 or > MaxPadKeys)
        {
            throw new ArgumentException("Ciphertext or pad key count out of range.", nameof(message));
        }

        byte[] buffer = new byte[length];
        var w = new Writer(buffer);
        w.Byte(Magic0);
        w.Byte(Magic1);
        w.Byte(Version);
        w.Byte(0);
        manifest.CopyTo(w.Take(manifest.Length));
        w.Byte((byte)h.ShareIndex);
        w.Byte((byte)h.HopIndex);

        BinaryPrimitives.WriteUInt64BigEndian(w.Take(8), message.Sequence);
        w.Byte((byte)message.PadKeyIds.Count);
        foreach (KeyId id in message.PadKeyIds)
        {
            id.WriteBytes(w.Take(16));
        }

        BinaryPrimitives.WriteUInt16BigEndian(w.Take(2), (ushort)message.Ciphertext.Length);
        message.Ciphertext.Span.CopyTo(w.Take(message.Ciphertext.Length));
        BinaryPrimitives.WriteUInt64BigEndian(w.Take(8), message.Tag);
        return buffer;
    }

    /// <summary>Writes <paramref name="tag"/> into the last <see cref="TagBytes"/> bytes of an encoding.</summary>
    internal static void WriteTag(Span<byte> encoded, ulong tag) => BinaryPrimitives.WriteUInt64BigEndian(encoded[^TagBytes..], tag);

    private ref struct Writer(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;
        private int _at;

        public void Byte(byte value) => _buffer[_at++] = value;

        public Span<byte> Take(int count)
        {
            Span<byte> s = _buffer.Slice(_at, count);
            _at += count;
            return s;
        }
    }
}
