using System.Net;
using System.Security.Cryptography;
using QkdNet.PostProcessing.Authentication;
using QkdNet.Services.Cloud.Transport;

namespace QkdNet.Services.Cloud.Client;

/// <summary>
/// An HTTP body that seals a share (or a refresh delta) under QKD keys while it is sent (<see cref="SealedBodyWriter"/>),
/// segment by segment straight from the share's bytes, so no sealed copy of the share is ever held. Its length is
/// known in advance (<see cref="ShareProtectionPlan.WireBytes"/>), so it goes out with a Content-Length. Keeps a copy
/// of the keys until disposed (the handler may send a body twice when a pooled connection was closed under it).
/// </summary>
internal sealed class SealedShareContent : HttpContent
{
    private readonly ShareProtectionPlan _plan;
    private readonly byte[] _keys;
    private readonly byte[] _context;
    private readonly ReadOnlyMemory<byte> _payload;

    public SealedShareContent(ShareProtectionPlan plan, ReadOnlySpan<byte> keys, byte[] context, ReadOnlyMemory<byte> payload)
    {
        _plan = plan;
        _keys = keys.ToArray();
        _context = context;
        _payload = payload;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        using var writer = new SealedBodyWriter(_plan, _keys, _context, AuthenticationRole.Alice, stream);
        await writer.WriteAsync(_payload, cancellationToken).ConfigureAwait(false);
        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _plan.WireBytes;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        CryptographicOperations.ZeroMemory(_keys);
        base.Dispose(disposing);
    }
}
