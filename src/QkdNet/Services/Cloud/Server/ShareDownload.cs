using System.Security.Cryptography;
using QkdNet.PostProcessing.Authentication;
using QkdNet.Services.Cloud.Storage;
using QkdNet.Services.Cloud.Transport;

namespace QkdNet.Services.Cloud.Server;

/// <summary>
/// A get that <see cref="ShareService"/> admitted: the share's version and sizes for the answer's headers, and the
/// sealed bytes streamed from the store (<see cref="WriteToAsync"/>), never held whole. Keeps a copy of the keys,
/// zeroed on <see cref="Dispose"/>.
/// </summary>
public sealed class ShareDownload : IDisposable
{
    private readonly IShareStore _store;
    private readonly ShareInfo _info;
    private readonly ShareProtectionPlan _plan;
    private readonly byte[] _keys;
    private readonly byte[] _context;

    internal ShareDownload(IShareStore store, ShareInfo info, ShareProtectionPlan plan, ReadOnlySpan<byte> keys, byte[] context)
    {
        _store = store;
        _info = info;
        _plan = plan;
        _keys = keys.ToArray();
        _context = context;
    }

    /// <summary>The share's version the answer is sealed at.</summary>
    public long Version => _info.Version;

    /// <summary>QKD key used to seal it, in bits.</summary>
    public long KeyBits => _plan.KeyBitsUsed;

    /// <summary>Bytes of the sealed answer.</summary>
    public long WireBytes => _plan.WireBytes;

    /// <summary>
    /// Streams the sealed share to <paramref name="destination"/>; a failure (the share changed or vanished meanwhile, a
    /// broken store) comes back as a value after part of the body may have been written: the caller aborts the answer.
    /// </summary>
    public async Task<Result<ShareInfo, ShareStoreFailure>> WriteToAsync(Stream destination, CancellationToken cancellationToken)
    {
        using var writer = new SealedBodyWriter(_plan, _keys, _context, AuthenticationRole.Bob, destination);
        Result<ShareInfo, ShareStoreFailure> read = await _store.ReadAsync(_info.Id, _info.Version, writer.WriteAsync, cancellationToken).ConfigureAwait(false);
        if (read.IsSuccess)
        {
            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        return read;
    }

    /// <inheritdoc />
    public void Dispose() => CryptographicOperations.ZeroMemory(_keys);

    /// <inheritdoc />
    public override string ToString() => $"ShareDownload({_info.Id}, v{_info.Version}, {_plan.Header})";
}
