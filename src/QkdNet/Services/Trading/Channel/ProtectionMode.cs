namespace QkdNet.Services.Trading.Channel;

/// <summary>How one message was protected; written in its header.</summary>
public enum ProtectionMode : byte
{
    /// <summary>One-time pad plus a Wegman-Carter tag: information-theoretically secure.</summary>
    OneTimePad = 1,

    /// <summary>AES-256-GCM keyed from QKD key bytes: the fallback when pad runs dry (computationally secure).</summary>
    AesGcm = 2,
}
