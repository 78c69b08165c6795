namespace QkdNet.Services.Trading.Fix;

/// <summary>
/// Reads one complete FIX 4.4 message from a span: BeginString, BodyLength and CheckSum are verified before any
/// field is read, then every field is checked against its type. Any flaw yields a <see cref="FixDecodeError"/>;
/// no input makes it throw. No allocation. Tags the codec does not model for the message type are skipped after
/// their syntax is checked (FIX lets a counterparty send optional fields an application does not use).
/// Thread-safe (no state).
/// </summary>
public static partial class FixDecoder
{
    private static ReadOnlySpan<byte> BeginString => "8=FIX.4.4\u0001"u8;

    /// <summary>Decodes exactly one message occupying all of <paramref name="message"/>.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> message, out FixMessage decoded, out FixDecodeError error)
    {
        decoded = default;
        if (!TryFrame(message, out int bodyStart, out int bodyEnd, out error))
        {
            return false;
        }

        var fields = default(FixFieldSet);
        if (!TryReadFields(message, bodyStart, bodyEnd, ref fields, out FixMsgType type, out error))
        {
            return false;
        }

        return TryBuild(message, type, fields, out decoded, out error);
    }

    private static bool TryFrame(ReadOnlySpan<byte> message, out int bodyStart, out int bodyEnd, out FixDecodeError error)
    {
        bodyStart = bodyEnd = 0;
        if (!message.StartsWith(BeginString))
        {
            bool prefix = message.Length < BeginString.Length && BeginString.StartsWith(message);
            error = Fail(message, prefix ? FixDecodeProblem.Truncated : FixDecodeProblem.BadBeginString, FixTag.BeginString);
            return false;
        }

        int position = BeginString.Length;
        if (message.Length < position + 2 || message[position] != (byte)'9' || message[position + 1] != (byte)'=')
        {
            error = Fail(message, message.Length < position + 2 ? FixDecodeProblem.Truncated : FixDecodeProblem.BadBodyLength, FixTag.BodyLength);
            return false;
        }

        position += 2;
        int declared = 0;
        int digits = 0;
        for (; position < message.Length && message[position] != FixWriter.Soh; position++, digits++)
        {
            uint d = (uint)(message[position] - '0');
            if (d > 9 || digits == 6)
            {
                error = Fail(message, FixDecodeProblem.BadBodyLength, FixTag.BodyLength);
                return false;
            }

            declared = (declared * 10) + (int)d;
        }

        if (position == message.Length || digits == 0)
        {
            error = Fail(message, position == message.Length ? FixDecodeProblem.Truncated : FixDecodeProblem.BadBodyLength, FixTag.BodyLength);
            return false;
        }

        bodyStart = position + 1;
        bodyEnd = bodyStart + declared;
        const int trailer = 7;
        if (bodyEnd + trailer > message.Length || declared == 0
            || message[bodyEnd - 1] != FixWriter.Soh || !message[bodyEnd..].StartsWith("10="u8))
        {
            // Where the trailer really starts tells a wrong BodyLength from a message cut short.
            int actual = message.LastIndexOf("\u000110="u8);
            bool wrongLength = actual >= bodyStart - 1 && actual + 1 != bodyEnd && message[^1] == FixWriter.Soh;
            error = Fail(message, wrongLength ? FixDecodeProblem.BadBodyLength : FixDecodeProblem.Truncated, FixTag.BodyLength)
                with { Found = declared, Expected = wrongLength ? actual + 1 - bodyStart : -1 };
            return false;
        }

        int computed = FixEncoder.CheckSum(message[..bodyEnd]);
        ReadOnlySpan<byte> sum = message.Slice(bodyEnd + 3, 3);
        uint d0 = (uint)(sum[0] - '0'), d1 = (uint)(sum[1] - '0'), d2 = (uint)(sum[2] - '0');
        bool readable = d0 <= 9 && d1 <= 9 && d2 <= 9 && message[bodyEnd + 6] == FixWriter.Soh;
        long found = readable ? (d0 * 100) + (d1 * 10) + d2 : -1;
        if (found != computed)
        {
            error = Fail(message, FixDecodeProblem.BadCheckSum, FixTag.CheckSum) with { Found = found, Expected = computed };
            return false;
        }

        if (bodyEnd + trailer != message.Length)
        {
            error = Fail(message, FixDecodeProblem.TrailingBytes, FixTag.CheckSum);
            return false;
        }

        error = default;
        return true;
    }

    private static bool TryReadFields(
        ReadOnlySpan<byte> message, int bodyStart, int bodyEnd, ref FixFieldSet fields, out FixMsgType type, out FixDecodeError error)
    {
        type = default;
        int position = bodyStart;
        bool first = true;
        ulong allowed = 0;
        while (position < bodyEnd)
        {
            // The body ends with SOH (checked while framing), so every field ends inside it.
            int length = message[position..bodyEnd].IndexOf(FixWriter.Soh);
            ReadOnlySpan<byte> field = message.Slice(position, length);
            position += length + 1;
            int equals = field.IndexOf((byte)'=');
            if (!TryTag(equals < 0 ? field : field[..equals], out int tag) || equals < 0)
            {
                error = Fail(message, FixDecodeProblem.InvalidTag, 0, first ? null : type);
                return false;
            }

            ReadOnlySpan<byte> value = field[(equals + 1)..];
            if (first)
            {
                if (tag != FixTag.MsgType)
                {
                    error = Fail(message, FixDecodeProblem.OutOfOrder, FixTag.MsgType);
                    return false;
                }

                if (value.Length != 1 || !IsKnown((FixMsgType)value[0]))
                {
                    error = Fail(message, value.IsEmpty ? FixDecodeProblem.EmptyValue : FixDecodeProblem.UnknownMsgType, FixTag.MsgType);
                    return false;
                }

                type = (FixMsgType)value[0];
                allowed = FixTagSet.Allowed(type);
                first = false;
                continue;
            }

            FixDecodeProblem? problem = tag is FixTag.BeginString or FixTag.BodyLength or FixTag.CheckSum
                ? FixDecodeProblem.OutOfOrder
                : tag == FixTag.MsgType ? FixDecodeProblem.DuplicateTag
                : value.IsEmpty ? FixDecodeProblem.EmptyValue
                : null;
            ulong bit = FixTagSet.Bit(tag) & allowed;
            if (problem is null && bit != 0)
            {
                problem = (fields.Seen & bit) != 0 ? FixDecodeProblem.DuplicateTag : Read(ref fields, tag, value);
                fields.Seen |= bit;
            }

            if (problem is { } p)
            {
                error = Fail(message, p, tag, type);
                return false;
            }
        }

        if (first)
        {
            error = Fail(message, FixDecodeProblem.MissingRequiredTag, FixTag.MsgType);
            return false;
        }

        error = default;
        return true;
    }

    private static bool IsKnown(FixMsgType type) => type is FixMsgType.Heartbeat or FixMsgType.Reject
        or FixMsgType.ExecutionReport or FixMsgType.Logon or FixMsgType.NewOrderSingle;

    /// <summary>A tag is a positive decimal number without a leading zero, at most 5 digits (FIX tags end below 100,000).</summary>
    private static bool TryTag(ReadOnlySpan<byte> text, out int tag)
    {
        tag = 0;
        if (text.IsEmpty || text.Length > 5 || text[0] == (byte)'0')
        {
            return false;
        }

        foreach (byte b in text)
        {
            uint d = (uint)(b - '0');
            if (d > 9)
            {
                return false;
            }

            tag = (tag * 10) + (int)d;
        }

        return true;
    }

    private static FixDecodeError Fail(ReadOnlySpan<byte> message, FixDecodeProblem problem, int tag, FixMsgType? type = null) =>
        new(problem, tag, FindSeqNum(message), type);

    /// <summary>Best effort, for the Reject's RefSeqNum: the first well-formed MsgSeqNum (34) anywhere in the bytes, else 0.</summary>
    private static int FindSeqNum(ReadOnlySpan<byte> message)
    {
        int at = message.IndexOf("\u000134="u8);
        if (at < 0)
        {
            return 0;
        }

        ReadOnlySpan<byte> rest = message[(at + 4)..];
        int end = rest.IndexOf(FixWriter.Soh);
        return end > 0 && TryInt(rest[..end], out int seqNum) ? seqNum : 0;
    }
}
