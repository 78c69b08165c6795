namespace QkdNet.Services.Trading.Fix;

/// <summary>Heartbeat (35=0); <see cref="TestReqId"/> is empty unless it answers a TestRequest.</summary>
public readonly record struct FixHeartbeat : IFixBody
{
    /// <summary>TestReqID (112), optional.</summary>
    public FixId TestReqId { get; init; }

    static FixMsgType IFixBody.MsgType => FixMsgType.Heartbeat;

    void IFixBody.WriteBody(ref FixWriter writer) => writer.Field(FixTag.TestReqId, TestReqId);
}
