using System.Text;

namespace QkdNet.Services.Trading.Fix;

/// <summary>
/// Why a message did not decode, with what a Reject needs (<see cref="FixReject.For"/>). A value, never thrown.
/// </summary>
/// <param name="Problem">What was wrong.</param>
/// <param name="RefTagId">The tag at fault, 0 when none is.</param>
/// <param name="RefSeqNum">MsgSeqNum of the bad message when it could be read, else 0.</param>
/// <param name="RefMsgType">MsgType of the bad message when it could be read.</param>
/// <param name="Found">For a bad CheckSum or BodyLength, the value the message carries (-1 when unreadable).</param>
/// <param name="Expected">For a bad CheckSum or BodyLength, the value the bytes call for (-1 when unknown).</param>
public readonly record struct FixDecodeError(
    FixDecodeProblem Problem,
    int RefTagId,
    int RefSeqNum,
    FixMsgType? RefMsgType,
    long Found = -1,
    long Expected = -1)
{
    /// <summary>
    /// True when the framing itself is broken (BeginString, BodyLength, CheckSum, truncation). FIX 4.4 says such a
    /// garbled message should be dropped without a Reject; the session layer chooses, the Reject can still be built.
    /// </summary>
    public bool IsGarbled => Problem is FixDecodeProblem.BadBeginString or FixDecodeProblem.BadBodyLength
        or FixDecodeProblem.Truncated or FixDecodeProblem.BadCheckSum or FixDecodeProblem.TrailingBytes;

    /// <summary>The SessionRejectReason (373) for this problem.</summary>
    public FixSessionRejectReason SessionRejectReason => Problem switch
    {
        FixDecodeProblem.InvalidTag => FixSessionRejectReason.InvalidTagNumber,
        FixDecodeProblem.EmptyValue => FixSessionRejectReason.TagSpecifiedWithoutValue,
        FixDecodeProblem.MissingRequiredTag => FixSessionRejectReason.RequiredTagMissing,
        FixDecodeProblem.BadFormat => FixSessionRejectReason.IncorrectDataFormat,
        FixDecodeProblem.UnknownMsgType => FixSessionRejectReason.InvalidMsgType,
        FixDecodeProblem.DuplicateTag => FixSessionRejectReason.TagAppearsMoreThanOnce,
        FixDecodeProblem.OutOfOrder => FixSessionRejectReason.TagSpecifiedOutOfRequiredOrder,
        FixDecodeProblem.TrailingBytes => FixSessionRejectReason.Other,

        // A wrong BeginString, BodyLength or CheckSum is a value incorrect for its tag; FIX has no closer code.
        _ => FixSessionRejectReason.ValueIsIncorrect,
    };

    /// <summary>Writes a one-line description (ASCII) into <paramref name="destination"/>; returns its length, 0 when it does not fit.</summary>
    public int FormatText(Span<byte> destination)
    {
        // Appended piece by piece rather than interpolated: the interpolation handler boxes numbers in
        // unoptimised builds, and a Reject is built on the session's message path.
        var text = new FixTextBuilder(destination);
        switch (Problem)
        {
            case FixDecodeProblem.BadBeginString:
                text.Append("BeginString (8) is not FIX.4.4"u8);
                break;
            case FixDecodeProblem.BadBodyLength:
                text.Append("BodyLength (9) is "u8);
                text.Append(Found);
                text.Append(", the body is "u8);
                text.Append(Expected);
                text.Append(" bytes"u8);
                break;
            case FixDecodeProblem.Truncated:
                text.Append("Message ends before its BodyLength (9) of "u8);
                text.Append(Found);
                break;
            case FixDecodeProblem.BadCheckSum:
                text.Append("CheckSum (10) is "u8);
                text.Append(Found);
                text.Append(", the bytes sum to "u8);
                text.Append(Expected);
                break;
            case FixDecodeProblem.TrailingBytes:
                text.Append("Bytes follow CheckSum (10)"u8);
                break;
            case FixDecodeProblem.InvalidTag:
                text.Append("A field has no valid tag number"u8);
                break;
            case FixDecodeProblem.UnknownMsgType:
                text.Append("MsgType (35) is not one this session handles"u8);
                break;
            default:
                text.Append(Problem == FixDecodeProblem.MissingRequiredTag ? "Required "u8 : default);
                text.Append(FixTag.Name(RefTagId));
                text.Append(" ("u8);
                text.Append(RefTagId);
                text.Append(")"u8);
                text.Append(Problem switch
                {
                    FixDecodeProblem.EmptyValue => " has no value"u8,
                    FixDecodeProblem.MissingRequiredTag => " is missing"u8,
                    FixDecodeProblem.BadFormat => " has the wrong format"u8,
                    FixDecodeProblem.BadValue => " has a value out of range"u8,
                    FixDecodeProblem.DuplicateTag => " appears more than once"u8,
                    _ => " is out of its required place"u8,
                });
                break;
        }

        return text.Length;
    }

    /// <summary>The description as a string (allocates; for logs and tests).</summary>
    public string Describe()
    {
        Span<byte> text = stackalloc byte[FixText.Capacity];
        return Encoding.ASCII.GetString(text[..FormatText(text)]);
    }
}
