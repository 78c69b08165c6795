using QkdNet.Services.Trading.Channel;

namespace QkdNet.Services.Trading.Session;

/// <summary>The outcome of one send: its status and the channel's sealing result (mode and sequence number when sealed).</summary>
public readonly record struct TradeSendResult(TradeSendStatus Status, SealResult Seal)
{
    /// <summary>True when the message went out.</summary>
    public bool IsSent => Status == TradeSendStatus.Sent;
}
