namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>
/// Reads a message written by <see cref="WireWriter"/>. Every read checks the bounds and throws
/// <see cref="ReconciliationProtocolException"/> on a truncated or out-of-range field, so a
/// malformed message never surfaces as an index error.
/// </summary>
internal ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _message;
    private int _position;

    public WireReader(ReadOnlySpan<byte> message)
    {
        _message = message;
        _position = 0;
    }

    /// <summary>Bytes not yet read.</summary>
    public readonly int Remaining => _message.Length - _position;

    public byte ReadByte(string field)
    {
        if (_position >= _message.Length)
        {
            throw Truncated(field);
        }

        return _message[_position++];
    }

    public ReadOnlySpan<byte> ReadBytes(int count, string field)
    {
        if (count < 0 || count > Remaining)
        {
            throw Truncated(field);
        }

        ReadOnlySpan<byte> span = _message.Slice(_position, count);
        _position += count;
        return span;
    }

    /// <summary>Reads a varint and checks it lies in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int ReadVarInt(string field, int min, int max)
    {
        // Up to 6 bytes (what the loop below accepts) in one load; longer or near the end: the loop.
        if (Leb128.TryReadWide(_message[_position..], out ulong wide, out int length) && length <= 6)
        {
            _position += length;
            return InRange(wide, field, min, max);
        }

        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (shift > 35)
            {
                throw new ReconciliationProtocolException($"Cascade message field '{field}' is an over-long varint.");
            }

            byte b = ReadByte(field);
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        return InRange(value, field, min, max);
    }

    private static int InRange(ulong value, string field, int min, int max)
    {
        if (value < (ulong)(long)min || value > (ulong)(long)max)
        {
            throw new ReconciliationProtocolException(
                $"Cascade message field '{field}' is {value}, outside [{min}, {max}].");
        }

        return (int)value;
    }

    /// <summary>Reads an unsigned LEB128 varint of up to 64 bits and checks it is at most <paramref name="max"/>.</summary>
    public long ReadVarLong(string field, long max)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (shift > 63)
            {
                throw new ReconciliationProtocolException($"Message field '{field}' is an over-long varint.");
            }

            byte b = ReadByte(field);
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        if (value > (ulong)max)
        {
            throw new ReconciliationProtocolException($"Message field '{field}' is {value}, above {max}.");
        }

        return (long)value;
    }

    /// <summary>Reads <paramref name="bitCount"/> packed bits.</summary>
    public ReadOnlySpan<byte> ReadBits(int bitCount, string field) => ReadBytes((bitCount + 7) >> 3, field);

    /// <summary>Throws unless every byte was read (trailing bytes mean a malformed message).</summary>
    public readonly void EnsureEnd(string messageName)
    {
        if (Remaining != 0)
        {
            throw new ReconciliationProtocolException(
                $"Cascade {messageName} message has {Remaining} unexpected trailing bytes.");
        }
    }

    private static ReconciliationProtocolException Truncated(string field) =>
        new($"Cascade message truncated while reading '{field}'.");
}
