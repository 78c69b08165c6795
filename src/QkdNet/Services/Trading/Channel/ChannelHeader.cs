using System.Buffers.Binary;
using QkdNet.KeyManagement;

namespace QkdNet.Services.Trading.Channel;

/// <summary>
/// The clear header of a protected message, all of it covered by the message's tag:
/// version (1 byte), mode (1), sequence number (8, little-endian), key ID (16, RFC 9562 order),
/// key offset in bytes (8, little-endian), payload length in bytes (4, little-endian), session epoch
/// (8, little-endian, never 0). In one-time-pad mode the key ID and offset name the message's pad; in
/// AES mode they name the 32 key bytes the AES key was made from. The epoch names the sender's
/// session (see <see cref="MessageSealer.Epoch"/>): sequence numbers count within it, so a restarted
/// sender starts again at 1 under a later epoch instead of looking like a replay.
/// </summary>
public readonly record struct ChannelHeader(ProtectionMode Mode, ulong Sequence, KeyId KeyId, long Offset, int PayloadLength, ulong Epoch)
{
    /// <summary>Header size in bytes.</summary>
    public const int Size = 46;

    /// <summary>The only format version written and read (2: the epoch was added).</summary>
    public const byte Version = 2;

    /// <summary>Writes the header into the first <see cref="Size"/> bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        destination[0] = Version;
        destination[1] = (byte)Mode;
        BinaryPrimitives.WriteUInt64LittleEndian(destination[2..], Sequence);
        KeyId.WriteBytes(destination.Slice(10, KeyId.ByteLength));
        BinaryPrimitives.WriteInt64LittleEndian(destination[26..], Offset);
        BinaryPrimitives.WriteInt32LittleEndian(destination[34..], PayloadLength);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[38..], Epoch);
    }

    /// <summary>Reads a header from the start of <paramref name="source"/>; a status other than <see cref="OpenStatus.Opened"/> says why not.</summary>
    public static OpenStatus TryRead(ReadOnlySpan<byte> source, out ChannelHeader header)
    {
        header = default;
        if (source.Length < Size)
        {
            return OpenStatus.Truncated;
        }

        if (source[0] != Version)
        {
            return OpenStatus.UnsupportedVersion;
        }

        var mode = (ProtectionMode)source[1];
        if (mode is not (ProtectionMode.OneTimePad or ProtectionMode.AesGcm))
        {
            return OpenStatus.UnknownMode;
        }

        long offset = BinaryPrimitives.ReadInt64LittleEndian(source[26..]);
        int length = BinaryPrimitives.ReadInt32LittleEndian(source[34..]);
        ulong epoch = BinaryPrimitives.ReadUInt64LittleEndian(source[38..]);
        if (!KeyId.TryRead(source.Slice(10, KeyId.ByteLength), out KeyId keyId) || offset < 0 || length < 0 || epoch == 0)
        {
            return OpenStatus.MalformedHeader;
        }

        header = new ChannelHeader(mode, BinaryPrimitives.ReadUInt64LittleEndian(source[2..]), keyId, offset, length, epoch);
        return OpenStatus.Opened;
    }
}
