using System.Security.Cryptography;

namespace QkdNet.Primitives.SecretSharing;

/// <summary>
/// One Shamir share: the evaluation point <see cref="X"/> (1 to 255) and the polynomial's value there for every byte of
/// the secret. Fewer than the threshold of shares reveal nothing, but a share is still handled as a secret: its bytes
/// never appear in <see cref="ToString"/>, and <see cref="Dispose"/> zeroes them.
/// </summary>
public sealed class SecretShare : IDisposable
{
    private readonly byte[] _data;

    /// <summary>A share at <paramref name="x"/> that takes ownership of <paramref name="data"/>.</summary>
    public SecretShare(byte x, byte[] data)
    {
        ArgumentOutOfRangeException.ThrowIfZero(x);
        ArgumentNullException.ThrowIfNull(data);
        X = x;
        _data = data;
    }

    /// <summary>The evaluation point, 1 to 255 (0 is where the secret lies).</summary>
    public byte X { get; }

    /// <summary>The share's bytes, as long as the secret.</summary>
    public Span<byte> Data => _data;

    /// <summary>The share's bytes as memory (for an asynchronous writer); owned by this object.</summary>
    public ReadOnlyMemory<byte> Memory => _data;

    /// <summary>Length in bytes.</summary>
    public int Length => _data.Length;

    /// <summary>Zeroes the bytes.</summary>
    public void Dispose() => CryptographicOperations.ZeroMemory(_data);

    /// <inheritdoc />
    public override string ToString() => $"SecretShare(x={X}, {_data.Length} bytes)";
}
