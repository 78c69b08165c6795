namespace QkdNet.Services.Trading.Fix;

/// <summary>
/// A decoded message: its header and the one body its <see cref="MsgType"/> names. A value holding no reference
/// to the bytes it came from. Reading a body of another type is a caller's bug and throws.
/// </summary>
public readonly struct FixMessage
{
    private readonly FixLogon _logon;
    private readonly FixHeartbeat _heartbeat;
    private readonly FixNewOrderSingle _newOrderSingle;
    private readonly FixExecutionReport _executionReport;
    private readonly FixReject _reject;

    internal FixMessage(
        FixMsgType msgType,
        in FixHeader header,
        in FixLogon logon = default,
        in FixHeartbeat heartbeat = default,
        in FixNewOrderSingle newOrderSingle = default,
        in FixExecutionReport executionReport = default,
        in FixReject reject = default)
    {
        MsgType = msgType;
        Header = header;
        _logon = logon;
        _heartbeat = heartbeat;
        _newOrderSingle = newOrderSingle;
        _executionReport = executionReport;
        _reject = reject;
    }

    /// <summary>MsgType (35).</summary>
    public FixMsgType MsgType { get; }

    /// <summary>The standard header.</summary>
    public FixHeader Header { get; }

    /// <summary>The body of a Logon.</summary>
    public FixLogon Logon => Body(FixMsgType.Logon, _logon);

    /// <summary>The body of a Heartbeat.</summary>
    public FixHeartbeat Heartbeat => Body(FixMsgType.Heartbeat, _heartbeat);

    /// <summary>The body of a NewOrderSingle.</summary>
    public FixNewOrderSingle NewOrderSingle => Body(FixMsgType.NewOrderSingle, _newOrderSingle);

    /// <summary>The body of an ExecutionReport.</summary>
    public FixExecutionReport ExecutionReport => Body(FixMsgType.ExecutionReport, _executionReport);

    /// <summary>The body of a Reject.</summary>
    public FixReject Reject => Body(FixMsgType.Reject, _reject);

    private T Body<T>(FixMsgType type, in T body) => MsgType == type
        ? body
        : throw new InvalidOperationException($"This message is a {MsgType}, not a {type}.");
}
