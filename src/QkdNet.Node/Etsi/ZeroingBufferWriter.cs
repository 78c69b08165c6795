using System.Buffers;
using System.Security.Cryptography;

namespace QkdNet.Node.Etsi;

/// <summary>
/// A growable buffer for serialised key containers that zeroes every array it lets go of (on growth and on
/// <see cref="Dispose"/>), so base64 key text does not linger in freed memory. Not pooled, not thread-safe.
/// </summary>
internal sealed class ZeroingBufferWriter(int initialCapacity) : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer = new byte[Math.Max(256, initialCapacity)];

    public int WrittenCount { get; private set; }

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, WrittenCount);

    public void Advance(int count) => WrittenCount += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(WrittenCount);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(WrittenCount);
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_buffer);

    private void Ensure(int sizeHint)
    {
        int needed = WrittenCount + Math.Max(sizeHint, 1);
        if (needed > _buffer.Length)
        {
            byte[] larger = new byte[Math.Max(needed, _buffer.Length * 2)];
            _buffer.AsSpan(0, WrittenCount).CopyTo(larger);
            CryptographicOperations.ZeroMemory(_buffer);
            _buffer = larger;
        }
    }
}
