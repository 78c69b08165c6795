using System.Security.Cryptography;

namespace QkdNet.KeyManagement;

/// <summary>
/// Secret key bytes owned by one holder. <see cref="ToString"/> shows only the length, never the bytes;
/// <see cref="Dispose"/> zeroes them. Not thread-safe; the holder disposes it once the bytes are sent.
/// </summary>
public sealed class KeyMaterial : IDisposable
{
    private readonly byte[] _bytes;
    private bool _disposed;

    private KeyMaterial(byte[] bytes) => _bytes = bytes;

    /// <summary>Length in bytes.</summary>
    public int Length => _bytes.Length;

    /// <summary>Length in bits (ETSI 014 sizes keys in bits).</summary>
    public int LengthBits => _bytes.Length * 8;

    /// <summary>The bytes; throws <see cref="ObjectDisposedException"/> once disposed.</summary>
    public ReadOnlySpan<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _bytes;
        }
    }

    /// <summary>Copies <paramref name="bytes"/> into a new instance; the caller still clears its own copy.</summary>
    public static KeyMaterial CopyOf(ReadOnlySpan<byte> bytes) => new(bytes.ToArray());

    /// <summary>Takes ownership of <paramref name="bytes"/> (no copy); nobody else may keep a reference.</summary>
    internal static KeyMaterial TakeOwnership(byte[] bytes) => new(bytes);

    /// <summary>Constant-time comparison of the bytes.</summary>
    public bool FixedTimeEquals(ReadOnlySpan<byte> other) => CryptographicOperations.FixedTimeEquals(Span, other);

    /// <summary>Zeroes the bytes.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_bytes);
        _disposed = true;
    }

    /// <summary>The length only, never the bytes.</summary>
    public override string ToString() => $"KeyMaterial({Length} bytes)";
}
