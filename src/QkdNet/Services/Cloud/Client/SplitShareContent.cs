using System.Net;
using System.Security.Cryptography;
using QkdNet.PostProcessing.Authentication;
using QkdNet.Primitives.SecretSharing;
using QkdNet.Services.Cloud.Integrity;
using QkdNet.Services.Cloud.Transport;

namespace QkdNet.Services.Cloud.Client;

/// <summary>
/// The body of a put: share x of the object, produced while it is sent. Each segment is split out of the object
/// (<see cref="SegmentedShamirSplit"/>), absorbed into the share's MAC (<see cref="ShareMacHasher"/>) and sealed
/// (<see cref="SealedBodyWriter"/>) while it is in the cache, so the client never holds a share whole and reads each byte
/// of it once. The tag is known before the last segment goes out, so a server that answered the put was sent a share
/// whose <see cref="Tag"/> is set; a body sent again (the handler retries on a pooled connection closed under it) is the
/// same bytes. Keeps copies of the transport keys and MAC key until disposed.
/// </summary>
internal sealed class SplitShareContent : HttpContent
{
    private readonly SegmentedShamirSplit _split;
    private readonly byte _x;
    private readonly ReadOnlyMemory<byte> _data;
    private readonly ShareProtectionPlan _plan;
    private readonly byte[] _keys;
    private readonly byte[] _context;
    private readonly byte[] _macKey;
    private readonly long _version;
    private ulong _tag;
    private volatile bool _tagSet;

    public SplitShareContent(SegmentedShamirSplit split, byte x, ReadOnlyMemory<byte> data, ShareProtectionPlan plan, ReadOnlySpan<byte> keys, byte[] context,
        ReadOnlySpan<byte> macKey, long version)
    {
        _split = split;
        _x = x;
        _data = data;
        _plan = plan;
        _keys = keys.ToArray();
        _context = context;
        _macKey = macKey.ToArray();
        _version = version;
    }

    /// <summary>The share's MAC tag at its version, once the body has been produced to its last segment (else null).</summary>
    public ulong? Tag => _tagSet ? _tag : null;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        int segmentBytes = _split.SegmentBytes;
        long segments = Math.Max(1, (_data.Length + (long)segmentBytes - 1) / segmentBytes);
        byte[] share = GC.AllocateUninitializedArray<byte>(Math.Min(segmentBytes, Math.Max(1, _data.Length)));
        try
        {
            using SegmentedShamirSplit.ShareWriter writer = _split.Writer(_x);
            using var sealer = new SealedBodyWriter(_plan, _keys, _context, AuthenticationRole.Alice, stream);
            var mac = new ShareMacHasher(_macKey);
            for (long r = 0; r < segments; r++)
            {
                int at = (int)(r * segmentBytes);
                ReadOnlySpan<byte> secret = _data.Span.Slice(at, Math.Min(segmentBytes, _data.Length - at));
                Memory<byte> piece = share.AsMemory(0, secret.Length);
                writer.Write(r, secret, piece.Span);
                mac.Append(piece.Span);
                if (r == segments - 1)
                {
                    _tag = mac.Finish(_version);
                    _tagSet = true;
                }

                await sealer.WriteAsync(piece, cancellationToken).ConfigureAwait(false);
            }

            await sealer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(share);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _plan.WireBytes;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        CryptographicOperations.ZeroMemory(_keys);
        CryptographicOperations.ZeroMemory(_macKey);
        base.Dispose(disposing);
    }
}
