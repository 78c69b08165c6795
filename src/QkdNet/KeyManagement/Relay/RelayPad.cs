using System.Security.Cryptography;

namespace QkdNet.KeyManagement.Relay;

/// <summary>
/// Link key bytes both ends of one link hold, consumed by one relay hop: a one-time pad for the
/// share and the Wegman-Carter key and tag pad. Owns its bytes; <see cref="Dispose"/> zeroes them.
/// <see cref="ToString"/> shows the key IDs and length, never the bytes. Not thread-safe.
/// </summary>
public sealed class RelayPad : IDisposable
{
    private readonly byte[] _bytes;
    private bool _disposed;

    private RelayPad(IReadOnlyList<KeyId> keyIds, byte[] bytes)
    {
        KeyIds = keyIds;
        _bytes = bytes;
    }

    /// <summary>The IDs that name the bytes to the peer, in order: the link keys they came from, or IDs derived from a key's ID for pads packed several to a key.</summary>
    public IReadOnlyList<KeyId> KeyIds { get; }

    /// <summary>Length in bytes.</summary>
    public int Length => _bytes.Length;

    /// <summary>The bytes; throws <see cref="ObjectDisposedException"/> once disposed.</summary>
    internal ReadOnlySpan<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _bytes;
        }
    }

    /// <summary>
    /// Takes ownership of <paramref name="bytes"/> (no copy; the caller must keep no other reference
    /// except to check, in tests, that they were zeroed).
    /// </summary>
    public static RelayPad TakeOwnership(IReadOnlyList<KeyId> keyIds, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(keyIds);
        ArgumentNullException.ThrowIfNull(bytes);
        if (keyIds.Count is 0 or > RelayMessageCodec.MaxPadKeys)
        {
            throw new ArgumentException($"A pad comes from 1 to {RelayMessageCodec.MaxPadKeys} keys.", nameof(keyIds));
        }

        return new RelayPad([.. keyIds], bytes);
    }

    /// <summary>Zeroes the bytes.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_bytes);
        _disposed = true;
    }

    /// <inheritdoc />
    public override string ToString() => $"RelayPad({Length} bytes from {string.Join(", ", KeyIds)})";
}
