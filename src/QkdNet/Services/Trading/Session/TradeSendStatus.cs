namespace QkdNet.Services.Trading.Session;

/// <summary>What became of a message given to <see cref="TradeSession.SendAsync"/>.</summary>
public enum TradeSendStatus
{
    /// <summary>Sealed and written.</summary>
    Sent = 0,

    /// <summary>No connection: nothing sealed, no key used.</summary>
    NotConnected,

    /// <summary>Sealed, but the connection failed while writing it: the message is lost (its key is spent).</summary>
    ConnectionLost,

    /// <summary>The channel refused it (see <see cref="TradeSendResult.Seal"/>: no key under policy fail, or a wait cancelled).</summary>
    Refused,
}
