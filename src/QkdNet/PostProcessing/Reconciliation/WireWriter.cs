namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>
/// Builds one compact binary message: bytes, LEB128 unsigned varints and packed bits (bit i of a
/// run at byte i / 8, position i % 8, LSB first). Growable; <see cref="ToArray"/> gives the message.
/// </summary>
internal sealed class WireWriter
{
    private byte[] _buffer;
    private int _length;

    public WireWriter(int capacity = 64) => _buffer = new byte[Math.Max(capacity, 16)];

    /// <summary>Bytes written so far.</summary>
    public int Length => _length;

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Writes a non-negative integer as an LEB128 varint (1 byte below 128).</summary>
    public void WriteVarUInt(ulong value)
    {
        Ensure(10);
        if (Leb128.TryWriteWide(_buffer.AsSpan(_length), value, out int length))
        {
            _length += length; // the bytes past it are scratch: ToArray stops at _length, later writes overwrite
            return;
        }

        while (value >= 0x80)
        {
            _buffer[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[_length++] = (byte)value;
    }

    /// <summary>Reserves room for <paramref name="bitCount"/> packed bits, zeroed, and returns it.</summary>
    public Span<byte> ReserveBits(int bitCount)
    {
        int bytes = (bitCount + 7) >> 3;
        Ensure(bytes);
        Span<byte> span = _buffer.AsSpan(_length, bytes);
        span.Clear();
        _length += bytes;
        return span;
    }

    /// <summary>Empties the writer, keeping its buffer, to build the next message (the buffer holds only public data).</summary>
    public void Reset() => _length = 0;

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    /// <summary>Grows the buffer, if needed, so that <paramref name="extra"/> more bytes fit (call before a run of writes).</summary>
    public void Ensure(int extra)
    {
        if (_length + extra > _buffer.Length)
        {
            Grow(extra);
        }
    }

    private void Grow(int extra) => Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
}
