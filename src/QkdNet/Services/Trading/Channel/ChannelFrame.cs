using System.Buffers.Binary;
using QkdNet.PostProcessing.Authentication;

namespace QkdNet.Services.Trading.Channel;

/// <summary>
/// The layout shared by sealer and opener: a frame is <see cref="ChannelHeader"/>, ciphertext of the
/// payload's length, then the tag (8 bytes Wegman-Carter, or 16 bytes GCM).
/// </summary>
public static class ChannelFrame
{
    /// <summary>GCM tag size in bytes (the full 128 bits).</summary>
    public const int AesTagBytes = 16;

    /// <summary>The longest frame a payload of <paramref name="payloadLength"/> bytes can need, in bytes.</summary>
    public static int MaxLength(int payloadLength) => checked(ChannelHeader.Size + payloadLength + AesTagBytes);

    /// <summary>The frame length, in bytes, of a payload of <paramref name="payloadLength"/> bytes under <paramref name="mode"/>.</summary>
    public static long Length(ProtectionMode mode, int payloadLength) =>
        ChannelHeader.Size + (long)payloadLength + TagBytes(mode);

    internal static int TagBytes(ProtectionMode mode) =>
        mode == ProtectionMode.OneTimePad ? MessageAuthenticator.TagBytes : AesTagBytes;

    /// <summary>
    /// The 96-bit GCM nonce: the sender's role, then its sequence number. Sequence numbers never repeat
    /// in a direction and the role separates the directions, so no nonce repeats under any key.
    /// </summary>
    internal static void WriteNonce(Span<byte> nonce, AuthenticationRole sender, ulong sequence)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(nonce, (uint)sender);
        BinaryPrimitives.WriteUInt64LittleEndian(nonce[4..], sequence);
    }
}
