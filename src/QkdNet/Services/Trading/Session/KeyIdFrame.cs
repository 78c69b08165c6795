using System.Buffers.Binary;
using QkdNet.KeyManagement;

namespace QkdNet.Services.Trading.Session;

/// <summary>
/// The body of an <see cref="TradeFrameKind.Announce"/> or <see cref="TradeFrameKind.Ready"/> frame: the kind byte,
/// a count (2 bytes, little-endian, 1 to <see cref="MaxIds"/>), then that many 16-byte key IDs. Key IDs are not
/// secret (every protected header names one); a forged list can only make the receiver ask its KME for keys it
/// is not given, or be ignored (see <see cref="AnnouncedPadSource.MarkReady"/>).
/// </summary>
public static class KeyIdFrame
{
    /// <summary>The most IDs in one frame: the largest <c>max_key_per_request</c> a QkdNet KME allows.</summary>
    public const int MaxIds = 4096;

    /// <summary>The longest such frame, in bytes.</summary>
    public const int MaxLength = 3 + (KeyId.ByteLength * MaxIds);

    /// <summary>The frame of <paramref name="kind"/> for <paramref name="ids"/> (1 to <see cref="MaxIds"/>).</summary>
    public static byte[] Write(TradeFrameKind kind, IReadOnlyList<KeyId> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentOutOfRangeException.ThrowIfZero(ids.Count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ids.Count, MaxIds);
        byte[] frame = new byte[3 + (KeyId.ByteLength * ids.Count)];
        frame[0] = (byte)kind;
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(1), (ushort)ids.Count);
        for (int i = 0; i < ids.Count; i++)
        {
            ids[i].WriteBytes(frame.AsSpan(3 + (i * KeyId.ByteLength), KeyId.ByteLength));
        }

        return frame;
    }

    /// <summary>The IDs of a frame (kind byte first); false when its length disagrees with its count or an ID is malformed.</summary>
    public static bool TryRead(ReadOnlySpan<byte> frame, out KeyId[] ids)
    {
        ids = [];
        if (frame.Length < 3)
        {
            return false;
        }

        int count = BinaryPrimitives.ReadUInt16LittleEndian(frame[1..]);
        if (count is 0 or > MaxIds || frame.Length != 3 + (KeyId.ByteLength * count))
        {
            return false;
        }

        var read = new KeyId[count];
        for (int i = 0; i < count; i++)
        {
            if (!KeyId.TryRead(frame.Slice(3 + (i * KeyId.ByteLength), KeyId.ByteLength), out read[i]))
            {
                return false;
            }
        }

        ids = read;
        return true;
    }
}
