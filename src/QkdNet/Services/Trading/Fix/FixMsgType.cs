namespace QkdNet.Services.Trading.Fix;

/// <summary>The FIX 4.4 message types this codec models (tag 35); each value is the ASCII byte on the wire.</summary>
public enum FixMsgType : byte
{
    /// <summary>35=0.</summary>
    Heartbeat = (byte)'0',

    /// <summary>35=3, a session-level reject.</summary>
    Reject = (byte)'3',

    /// <summary>35=8.</summary>
    ExecutionReport = (byte)'8',

    /// <summary>35=A.</summary>
    Logon = (byte)'A',

    /// <summary>35=D.</summary>
    NewOrderSingle = (byte)'D',
}
