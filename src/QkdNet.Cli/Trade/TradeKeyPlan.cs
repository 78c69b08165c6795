using QkdNet.Services.Trading.Channel;

namespace QkdNet.Cli.Trade;

/// <summary>
/// How much key a run needs, worked out before it starts so the pools can be filled for it. A one-time-pad
/// message of n bytes uses n + 16 bytes of pad (<see cref="KeyBudget.OneTimePadBytes"/>); a segment never spans two
/// keys, so a key of K bytes carries floor(K / (n + 16)) messages and its tail is wasted.
/// </summary>
/// <param name="Messages">Messages in one direction (orders, warm-up included; or their reports).</param>
/// <param name="LongestMessageBytes">The longest of them, in bytes.</param>
/// <param name="KeySizeBits">Size of each QKD key, in bits.</param>
internal readonly record struct TradeKeyPlan(long Messages, int LongestMessageBytes, int KeySizeBits)
{
    /// <summary>Spare keys on top of the count, for the AES comparison run's rekeys and a reconnect's resends.</summary>
    public const int SpareKeys = 64;

    /// <summary>Messages one key carries.</summary>
    public long MessagesPerKey => Math.Max(1, KeySizeBits / 8 / KeyBudget.OneTimePadBytes(LongestMessageBytes));

    /// <summary>Keys the direction needs, with a tenth and <see cref="SpareKeys"/> spare.</summary>
    public int Keys => checked((int)(((Messages + MessagesPerKey - 1) / MessagesPerKey * 11 / 10) + SpareKeys));

    /// <summary>Bits of key the direction draws from its pool.</summary>
    public long Bits => (long)Keys * KeySizeBits;
}
