namespace QkdNet.Services.Trading.Channel;

/// <summary>The outcome of opening one frame: its status and, when opened, what the header said.</summary>
public readonly record struct OpenResult(OpenStatus Status, ProtectionMode Mode, ulong Sequence, int PayloadLength)
{
    /// <summary>True when the payload was verified and decrypted.</summary>
    public bool IsOpened => Status == OpenStatus.Opened;

    internal static OpenResult Rejected(OpenStatus status) => new(status, default, 0, 0);
}
