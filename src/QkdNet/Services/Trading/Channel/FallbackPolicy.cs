namespace QkdNet.Services.Trading.Channel;

/// <summary>What the sender does when the pad source cannot cover the next message.</summary>
public enum FallbackPolicy
{
    /// <summary>Wait for more pad (bounded by the caller's cancellation token).</summary>
    Wait = 0,

    /// <summary>Protect the message with AES-256-GCM keyed from QKD key bytes.</summary>
    Aes,

    /// <summary>Refuse the message.</summary>
    Fail,
}
