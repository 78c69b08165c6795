using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace QkdNet.KeyManagement.Encryption;

/// <summary>
/// Builds the associated data that binds an encrypted row to its identity: a label, then each field
/// length-prefixed so no two different rows encode the same bytes. Holds no secrets.
/// </summary>
internal sealed class AssociatedData
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public AssociatedData Start(string label)
    {
        _buffer.ResetWrittenCount();
        return Add(label);
    }

    public AssociatedData Add(string field)
    {
        int length = Encoding.UTF8.GetByteCount(field);
        Span<byte> span = _buffer.GetSpan(4 + length);
        BinaryPrimitives.WriteInt32BigEndian(span, length);
        Encoding.UTF8.GetBytes(field, span[4..]);
        _buffer.Advance(4 + length);
        return this;
    }

    public AssociatedData Add(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
        return this;
    }

    public AssociatedData Add(ReadOnlySpan<byte> field)
    {
        Span<byte> span = _buffer.GetSpan(4 + field.Length);
        BinaryPrimitives.WriteInt32BigEndian(span, field.Length);
        field.CopyTo(span[4..]);
        _buffer.Advance(4 + field.Length);
        return this;
    }
}
