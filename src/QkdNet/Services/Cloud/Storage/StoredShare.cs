using System.Security.Cryptography;

namespace QkdNet.Services.Cloud.Storage;

/// <summary>
/// One share as read from a store: its <see cref="Info"/> and bytes. A share below the threshold reveals nothing, but
/// it is still handled as a secret: <see cref="ToString"/> hides the bytes and <see cref="Dispose"/> zeroes them.
/// </summary>
public sealed class StoredShare(ShareInfo info, byte[] data) : IDisposable
{
    private readonly byte[] _data = data ?? throw new ArgumentNullException(nameof(data));

    /// <summary>Identifier, owner, version, length.</summary>
    public ShareInfo Info { get; } = info ?? throw new ArgumentNullException(nameof(info));

    /// <summary>The share's bytes (owned by this object).</summary>
    public Span<byte> Data => _data;

    /// <summary>Zeroes the bytes.</summary>
    public void Dispose() => CryptographicOperations.ZeroMemory(_data);

    /// <inheritdoc />
    public override string ToString() => $"StoredShare({Info.Id}, v{Info.Version}, {_data.Length} bytes)";
}
