using System.Security.Cryptography;
using QkdNet.PostProcessing.Authentication;
using QkdNet.Services.Cloud.Storage;

namespace QkdNet.Services.Cloud.Transport;

/// <summary>
/// Opens a payload sealed by <see cref="ShareCipher"/> (or <see cref="SealedBodyWriter"/>) as it arrives on a stream:
/// AES-GCM one segment at a time, so a 100 MB share is never held whole on its way into a store, and nothing of a
/// segment is handed on before its tag passed; a one-time-padded record (small by design) is read whole and opened.
/// Keeps a copy of the keys and its buffers, zeroed on <see cref="Dispose"/>. Not thread-safe.
/// </summary>
public sealed class SealedBodyReader : IDisposable
{
    private readonly ShareProtectionPlan _plan;
    private readonly Stream _body;
    private readonly ShareSegmentCipher? _cipher;
    private readonly byte[] _keys;
    private readonly byte[] _context;
    private readonly AuthenticationRole _direction;
    private readonly byte[] _wire;
    private byte[]? _plain;
    private long _index;

    /// <summary>A reader of <paramref name="body"/>, sealed as <paramref name="plan"/> says under <paramref name="keys"/> (copied).</summary>
    public SealedBodyReader(ShareProtectionPlan plan, ReadOnlySpan<byte> keys, ReadOnlySpan<byte> context, AuthenticationRole direction, Stream body)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(body);
        _plan = plan;
        _body = body;
        _direction = direction;
        _context = context.ToArray();
        if (plan.Kind == ShareProtectionKind.AesGcm)
        {
            _keys = [];
            _cipher = new ShareSegmentCipher(plan, keys, context, (byte)direction);
            _wire = GC.AllocateUninitializedArray<byte>((int)Math.Min(plan.SegmentBytes, plan.PlainBytes) + ShareProtectionPlan.GcmTagBytes);
        }
        else
        {
            _keys = keys.ToArray();
            _wire = new byte[plan.WireBytes];
        }
    }

    /// <summary>
    /// The next opened piece for a store (<see cref="ShareChunkSource"/>): a segment's bytes, the end, or why the body
    /// failed (a tag, a short body, a broken connection).
    /// </summary>
    public async ValueTask<ShareChunk> NextAsync(CancellationToken cancellationToken)
    {
        if (_index >= Pieces)
        {
            return ShareChunk.End;
        }

        int length = PieceLength(_index);
        _plain ??= new byte[Math.Max(length, 1)];
        string? problem;
        try
        {
            problem = await OpenNextAsync(_plain.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // EndOfStreamException, a reset connection, or Kestrel's BadHttpRequestException: all are IOExceptions
            problem = $"the body ended or broke before its {_plan.WireBytes} bytes.";
        }

        return problem is not null ? ShareChunk.Failed(problem) : length == 0 ? ShareChunk.End : ShareChunk.Of(_plain.AsMemory(0, length));
    }

    /// <summary>
    /// Opens the whole payload into <paramref name="destination"/> (exactly its length); null, or why the body failed its
    /// authentication or framing (then <paramref name="destination"/> is zeroed). A broken stream throws its <see cref="IOException"/>.
    /// <paramref name="opened"/>, when given, sees each piece as soon as it has passed its tag, while it is still in the
    /// cache (a MAC over the payload taken on the way in instead of in a second pass).
    /// </summary>
    public async Task<string?> ReadAllAsync(Memory<byte> destination, CancellationToken cancellationToken, Action<ReadOnlyMemory<byte>>? opened = null)
    {
        if (destination.Length != _plan.PlainBytes)
        {
            throw new ArgumentException("The destination must be exactly as long as the payload.", nameof(destination));
        }

        long at = 0;
        while (_index < Pieces)
        {
            int length = PieceLength(_index);
            string? problem;
            try
            {
                problem = await OpenNextAsync(destination.Slice((int)at, length), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                CryptographicOperations.ZeroMemory(destination.Span);
                throw;
            }

            if (problem is not null)
            {
                CryptographicOperations.ZeroMemory(destination.Span);
                return problem;
            }

            opened?.Invoke(destination.Slice((int)at, length));
            at += length;
        }

        return await _body.ReadAsync(_wire.AsMemory(0, 1), cancellationToken).ConfigureAwait(false) == 0
            ? null
            : $"the body runs past its {_plan.WireBytes} bytes.";
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _cipher?.Dispose();
        CryptographicOperations.ZeroMemory(_keys);
        CryptographicOperations.ZeroMemory(_wire);
        if (_plain is not null)
        {
            CryptographicOperations.ZeroMemory(_plain);
        }
    }

    private long Pieces => _cipher is null ? 1 : _plan.Segments;

    private int PieceLength(long index) => _cipher?.PlainLength(index) ?? (int)_plan.PlainBytes;

    private async ValueTask<string?> OpenNextAsync(Memory<byte> plain, CancellationToken cancellationToken)
    {
        int wireLength = _cipher is null ? (int)_plan.WireBytes : plain.Length + ShareProtectionPlan.GcmTagBytes;
        await _body.ReadExactlyAsync(_wire.AsMemory(0, wireLength), cancellationToken).ConfigureAwait(false);

        bool opened;
        if (_cipher is not null)
        {
            opened = _cipher.Open(_index, _wire.AsSpan(0, wireLength), plain.Span);
        }
        else
        {
            byte[]? whole = ShareCipher.Open(_plan, _keys, _context, _direction, _wire);
            opened = whole is not null;
            if (whole is not null)
            {
                whole.CopyTo(plain);
                CryptographicOperations.ZeroMemory(whole);
            }
        }

        _index++;
        return opened ? null : "the body failed its authentication under the named QKD keys (altered in transit, or sealed for another share or server).";
    }
}
