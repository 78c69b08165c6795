namespace QkdNet.Services.Trading.Channel;

/// <summary>Whether a message was sealed, and if not, why.</summary>
public enum SealStatus
{
    /// <summary>The frame was written.</summary>
    Sealed = 0,

    /// <summary>No pad for the message and the policy is <see cref="FallbackPolicy.Fail"/> (or no key for an AES rekey).</summary>
    PadExhausted,

    /// <summary>No pad for the message and the policy is <see cref="FallbackPolicy.Wait"/>: try again once pad arrives.</summary>
    MustWait,

    /// <summary>The wait for pad was cancelled.</summary>
    WaitCancelled,

    /// <summary>The caller's frame buffer is smaller than <see cref="ChannelFrame.MaxLength"/>.</summary>
    DestinationTooSmall,
}
