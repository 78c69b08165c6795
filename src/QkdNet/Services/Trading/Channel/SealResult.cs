namespace QkdNet.Services.Trading.Channel;

/// <summary>The outcome of sealing one message: its status and, when sealed, the frame's length, mode and sequence number.</summary>
public readonly record struct SealResult(SealStatus Status, ProtectionMode Mode, ulong Sequence, int FrameLength)
{
    /// <summary>True when the frame was written.</summary>
    public bool IsSealed => Status == SealStatus.Sealed;

    internal static SealResult Refused(SealStatus status) => new(status, default, 0, 0);
}
