using QkdNet.Services.KeyDelivery;
using QkdNet.Services.Trading.Channel;

namespace QkdNet.Services.Trading.Session;

/// <summary>How one end of the trade channel gets its key and protects its messages.</summary>
public sealed record TradeEndpointOptions
{
    /// <summary>The largest FIX message carried, in bytes. Default 1,024 (any message the codec writes).</summary>
    public int MaxPayloadBytes { get; init; } = Fix.FixEncoder.MaxMessageLength;

    /// <summary>Fallback policy and AES rekeying of this end's sealer.</summary>
    public ChannelOptions Channel { get; init; } = new();

    /// <summary>
    /// The key buffer of this end's sending direction. Default: 8,192-bit keys (the most a QkdNet KME hands out,
    /// so a key covers several messages and fewer IDs go back and forth), 64 to 65,536 held.
    /// </summary>
    public KeyBufferOptions Keys { get; init; } = new() { KeySizeBits = 8192 };

    /// <summary>Protect every message with AES-256-GCM keyed from QKD keys, never the one-time pad (a comparison run; needs policy aes).</summary>
    public bool AesOnly { get; init; }
}
