namespace QkdNet.Services.Trading.Fix;

/// <summary>A message body the encoder can write after the standard header; a struct, so the call is not boxed.</summary>
internal interface IFixBody
{
    /// <summary>The MsgType (35) of this body.</summary>
    static abstract FixMsgType MsgType { get; }

    /// <summary>Appends the body's fields in FIX order.</summary>
    void WriteBody(ref FixWriter writer);
}
