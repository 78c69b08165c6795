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
    private bool _released;

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

    /// <summary>
    /// Hands the bytes themselves to the caller, without a copy, for a holder that keeps a key while it is used up (the
    /// trade channel's pad source and lookup: a copy per key was most of their allocation per message). The caller
    /// owns the array from then on and zeroes it after use; this instance counts as disposed and no longer zeroes it.
    /// </summary>
    internal byte[] ReleaseOwnership()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _disposed = true;
        _released = true;
        return _bytes;
    }

    /// <summary>Zeroes the bytes (unless they were handed on with <see cref="ReleaseOwnership"/>).</summary>
    public void Dispose()
    {
        if (!_released)
        {
            CryptographicOperations.ZeroMemory(_bytes);
        }

        _disposed = true;
    }

    /// <summary>The length only, never the bytes.</summary>
    public override string ToString() => $"KeyMaterial({Length} bytes)";
}
