namespace QkdNet.Services.Trading.Fix;

/// <summary>What was wrong with a message that did not decode.</summary>
public enum FixDecodeProblem
{
    /// <summary>The message does not start with 8=FIX.4.4.</summary>
    BadBeginString,

    /// <summary>BodyLength (9) is missing, not a number, or does not end where the trailer starts.</summary>
    BadBodyLength,

    /// <summary>The bytes end before the message does.</summary>
    Truncated,

    /// <summary>CheckSum (10) is not three digits or does not match the bytes.</summary>
    BadCheckSum,

    /// <summary>Bytes follow the CheckSum field.</summary>
    TrailingBytes,

    /// <summary>A field whose tag is not a positive number, or that has no '='.</summary>
    InvalidTag,

    /// <summary>A field with nothing after '='.</summary>
    EmptyValue,

    /// <summary>A required field is absent.</summary>
    MissingRequiredTag,

    /// <summary>A value that does not parse as its type (number, price, timestamp, text).</summary>
    BadFormat,

    /// <summary>A value that parses but is out of range or not one of the codes allowed.</summary>
    BadValue,

    /// <summary>MsgType (35) names a message this codec does not handle.</summary>
    UnknownMsgType,

    /// <summary>A field appears twice.</summary>
    DuplicateTag,

    /// <summary>MsgType is not the first body field, or a header/trailer tag sits inside the body.</summary>
    OutOfOrder,
}
