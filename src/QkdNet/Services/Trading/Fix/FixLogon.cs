namespace QkdNet.Services.Trading.Fix;

/// <summary>
/// Logon (35=A). EncryptMethod (98) is always written as 0 (none) and only 0 is accepted: protection is the
/// one-time-pad channel's job, below FIX.
/// </summary>
public readonly record struct FixLogon : IFixBody
{
    /// <summary>HeartBtInt (108), in seconds.</summary>
    public required int HeartBtIntSeconds { get; init; }

    static FixMsgType IFixBody.MsgType => FixMsgType.Logon;

    void IFixBody.WriteBody(ref FixWriter writer)
    {
        writer.Require(HeartBtIntSeconds >= 0);
        writer.Field(FixTag.EncryptMethod, (byte)'0');
        writer.Field(FixTag.HeartBtInt, HeartBtIntSeconds);
    }
}
