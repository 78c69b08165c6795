using System.Buffers;
using System.Globalization;

namespace QkdNet.Services.Trading.Fix;

/// <summary>
/// Writes FIX 4.4 messages: 8=FIX.4.4, 9=BodyLength, 35=MsgType, the header, the body, 10=CheckSum. No allocation:
/// the message is built in place in the caller's buffer. Thread-safe (no state).
/// </summary>
public static class FixEncoder
{
    /// <summary>
    /// A buffer of this many bytes holds any message this codec writes (the longest, an ExecutionReport with every
    /// identifier at <see cref="FixId.Capacity"/>, is under 600 bytes).
    /// </summary>
    public const int MaxMessageLength = 1024;

    private static ReadOnlySpan<byte> BeginString => "8=FIX.4.4\u00019="u8;

    private const int TrailerLength = 7;

    /// <summary>
    /// Encodes into <paramref name="destination"/>; false (nothing usable written) when it is too small, or when the
    /// message breaks a rule the decoder enforces (a required identifier empty, an undefined code, a limit order
    /// without a positive price), so this side never sends what the peer must reject.
    /// </summary>
    public static bool TryEncode(in FixHeader header, in FixNewOrderSingle body, Span<byte> destination, out int written) =>
        TryEncodeBody(header, body, destination, out written);

    /// <inheritdoc cref="TryEncode(in FixHeader, in FixNewOrderSingle, Span{byte}, out int)"/>
    public static bool TryEncode(in FixHeader header, in FixExecutionReport body, Span<byte> destination, out int written) =>
        TryEncodeBody(header, body, destination, out written);

    /// <inheritdoc cref="TryEncode(in FixHeader, in FixNewOrderSingle, Span{byte}, out int)"/>
    public static bool TryEncode(in FixHeader header, in FixLogon body, Span<byte> destination, out int written) =>
        TryEncodeBody(header, body, destination, out written);

    /// <inheritdoc cref="TryEncode(in FixHeader, in FixNewOrderSingle, Span{byte}, out int)"/>
    public static bool TryEncode(in FixHeader header, in FixHeartbeat body, Span<byte> destination, out int written) =>
        TryEncodeBody(header, body, destination, out written);

    /// <inheritdoc cref="TryEncode(in FixHeader, in FixNewOrderSingle, Span{byte}, out int)"/>
    public static bool TryEncode(in FixHeader header, in FixReject body, Span<byte> destination, out int written) =>
        TryEncodeBody(header, body, destination, out written);

    /// <summary>
    /// Encodes into <paramref name="output"/> and advances it; returns the bytes written. Throws
    /// <see cref="ArgumentException"/> for a message <c>TryEncode</c> refuses as invalid (a caller's bug).
    /// </summary>
    public static int Encode(in FixHeader header, in FixNewOrderSingle body, IBufferWriter<byte> output) =>
        EncodeBody(header, body, output);

    /// <inheritdoc cref="Encode(in FixHeader, in FixNewOrderSingle, IBufferWriter{byte})"/>
    public static int Encode(in FixHeader header, in FixExecutionReport body, IBufferWriter<byte> output) =>
        EncodeBody(header, body, output);

    /// <inheritdoc cref="Encode(in FixHeader, in FixNewOrderSingle, IBufferWriter{byte})"/>
    public static int Encode(in FixHeader header, in FixLogon body, IBufferWriter<byte> output) =>
        EncodeBody(header, body, output);

    /// <inheritdoc cref="Encode(in FixHeader, in FixNewOrderSingle, IBufferWriter{byte})"/>
    public static int Encode(in FixHeader header, in FixHeartbeat body, IBufferWriter<byte> output) =>
        EncodeBody(header, body, output);

    /// <inheritdoc cref="Encode(in FixHeader, in FixNewOrderSingle, IBufferWriter{byte})"/>
    public static int Encode(in FixHeader header, in FixReject body, IBufferWriter<byte> output) =>
        EncodeBody(header, body, output);

    /// <summary>The CheckSum (10) of <paramref name="bytes"/>: the sum of the bytes modulo 256.</summary>
    internal static int CheckSum(ReadOnlySpan<byte> bytes)
    {
        uint sum = 0;
        foreach (byte b in bytes)
        {
            sum += b;
        }

        return (int)(sum & 0xFF);
    }

    private static int EncodeBody<T>(in FixHeader header, in T body, IBufferWriter<byte> output)
        where T : struct, IFixBody
    {
        ArgumentNullException.ThrowIfNull(output);

        // Every field is bounded (identifiers and text by their capacity), so MaxMessageLength always suffices:
        // a failure here is an invalid message, a caller's bug.
        if (!TryEncodeBody(header, body, output.GetSpan(MaxMessageLength), out int written))
        {
            throw new ArgumentException("The FIX message lacks a required field or holds an undefined code.", nameof(body));
        }

        output.Advance(written);
        return written;
    }

    private static bool TryEncodeBody<T>(in FixHeader header, in T body, Span<byte> destination, out int written)
        where T : struct, IFixBody
    {
        // The body is written first, after room for a BodyLength of 3 digits (100 to 999 bytes, every usual
        // message), then moved against the digits it really needs. A message that only fits with a shorter
        // BodyLength is retried with less room, so any destination the message fits in is enough.
        for (int reservedDigits = 3; reservedDigits >= 1; reservedDigits--)
        {
            int reserved = BeginString.Length + reservedDigits + 1;
            if (destination.Length < reserved + TrailerLength)
            {
                continue;
            }

            var writer = new FixWriter(destination[reserved..^TrailerLength]);
            writer.Field(FixTag.MsgType, (byte)T.MsgType);
            header.Write(ref writer);
            body.WriteBody(ref writer);
            if (writer.Invalid)
            {
                break;
            }

            if (writer.Overflowed)
            {
                continue;
            }

            return TryFinish(destination, reserved, writer.Position, out written);
        }

        written = 0;
        return false;
    }

    /// <summary>Writes "8=FIX.4.4|9=n|", moves the body written at <paramref name="bodyAt"/> against it, and appends CheckSum.</summary>
    private static bool TryFinish(Span<byte> destination, int bodyAt, int bodyLength, out int written)
    {
        written = 0;
        int digits = 1;
        for (int rest = bodyLength; rest >= 10; rest /= 10)
        {
            digits++;
        }

        int bodyStart = BeginString.Length + digits + 1;
        int end = bodyStart + bodyLength;
        if (end + TrailerLength > destination.Length)
        {
            return false;
        }

        // Span.CopyTo is a memmove: the regions may overlap in either direction.
        destination.Slice(bodyAt, bodyLength).CopyTo(destination[bodyStart..]);
        BeginString.CopyTo(destination);
        bodyLength.TryFormat(destination[BeginString.Length..], out _, default, CultureInfo.InvariantCulture);
        destination[bodyStart - 1] = FixWriter.Soh;

        int checkSum = CheckSum(destination[..end]);
        "10="u8.CopyTo(destination[end..]);
        destination[end + 3] = (byte)('0' + (checkSum / 100));
        destination[end + 4] = (byte)('0' + (checkSum / 10 % 10));
        destination[end + 5] = (byte)('0' + (checkSum % 10));
        destination[end + 6] = FixWriter.Soh;
        written = end + TrailerLength;
        return true;
    }
}
