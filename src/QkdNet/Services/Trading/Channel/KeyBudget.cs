namespace QkdNet.Services.Trading.Channel;

/// <summary>
/// Key consumed per message, so a run can report key bits per order and the key rate it needs.
/// A one-time-pad message uses its payload length of pad plus <see cref="TagKeyBytes"/> for its tag;
/// an AES-mode message uses none beyond the <see cref="AesKeyBytes"/> of each rekey.
/// </summary>
public static class KeyBudget
{
    /// <summary>
    /// Tag key per one-time-pad message, in bytes: an 8-byte polynomial-hash key and an 8-byte tag pad.
    /// A fresh hash key per message (rather than one per direction, as the post-processing channel
    /// keeps) costs 8 bytes a message and keeps every message verifiable on its own after losses,
    /// reordering and reconnects, with no hash-key agreement in the protocol.
    /// </summary>
    public const int TagKeyBytes = 16;

    /// <summary>Key per AES-256-GCM rekey, in bytes.</summary>
    public const int AesKeyBytes = 32;

    /// <summary>Pad bytes one one-time-pad message of <paramref name="payloadBytes"/> bytes consumes.</summary>
    public static int OneTimePadBytes(int payloadBytes) => checked(payloadBytes + TagKeyBytes);

    /// <summary>Pad bits one one-time-pad message of <paramref name="payloadBytes"/> bytes consumes.</summary>
    public static long OneTimePadBits(int payloadBytes) => 8L * OneTimePadBytes(payloadBytes);

    /// <summary>Key rate in bit/s that one direction needs at <paramref name="messagesPerSecond"/> one-time-pad messages of <paramref name="payloadBytes"/> bytes.</summary>
    public static double RequiredBitsPerSecond(int payloadBytes, double messagesPerSecond) =>
        OneTimePadBits(payloadBytes) * messagesPerSecond;
}
