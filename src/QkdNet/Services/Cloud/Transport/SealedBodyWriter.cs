using System.Security.Cryptography;
using QkdNet.PostProcessing.Authentication;

namespace QkdNet.Services.Cloud.Transport;

/// <summary>
/// Seals a payload as <see cref="ShareCipher"/> does while it is written to a stream: AES-GCM one segment at a time
/// (whole segments of the caller's bytes are sealed in place of a copy), so a share goes out without a second whole
/// buffer; a one-time-padded record (small by design) is gathered and sealed at <see cref="CompleteAsync"/>. Keeps a
/// copy of the keys and its buffers, zeroed on <see cref="Dispose"/>. Not thread-safe.
/// </summary>
public sealed class SealedBodyWriter : IDisposable
{
    private readonly ShareProtectionPlan _plan;
    private readonly Stream _destination;
    private readonly ShareSegmentCipher? _cipher;
    private readonly byte[] _keys;
    private readonly byte[] _context;
    private readonly AuthenticationRole _direction;
    private readonly byte[] _plain;
    private readonly byte[] _wire;
    private int _buffered;
    private long _index;
    private long _written;

    /// <summary>A writer to <paramref name="destination"/> sealing as <paramref name="plan"/> says under <paramref name="keys"/> (copied).</summary>
    public SealedBodyWriter(ShareProtectionPlan plan, ReadOnlySpan<byte> keys, ReadOnlySpan<byte> context, AuthenticationRole direction, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(destination);
        _plan = plan;
        _destination = destination;
        _direction = direction;
        _context = context.ToArray();
        int piece = plan.Kind == ShareProtectionKind.AesGcm ? (int)Math.Min(plan.SegmentBytes, plan.PlainBytes) : (int)plan.PlainBytes;
        _plain = new byte[piece];
        if (plan.Kind == ShareProtectionKind.AesGcm)
        {
            _keys = [];
            _cipher = new ShareSegmentCipher(plan, keys, context, (byte)direction);
            _wire = GC.AllocateUninitializedArray<byte>(piece + ShareProtectionPlan.GcmTagBytes);
        }
        else
        {
            _keys = keys.ToArray();
            _wire = [];
        }
    }

    /// <summary>Seals and writes the next bytes of the payload (in total exactly its length).</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> plain, CancellationToken cancellationToken)
    {
        if (_written + plain.Length > _plan.PlainBytes)
        {
            throw new InvalidOperationException($"The payload runs past its {_plan.PlainBytes} bytes.");
        }

        _written += plain.Length;
        if (_cipher is null)
        {
            plain.CopyTo(_plain.AsMemory(_buffered));
            _buffered += plain.Length;
            return;
        }

        while (!plain.IsEmpty)
        {
            int segment = _cipher.PlainLength(_index);
            if (_buffered == 0 && plain.Length >= segment)
            {
                await SealAsync(plain[..segment], cancellationToken).ConfigureAwait(false);
                plain = plain[segment..];
                continue;
            }

            int take = Math.Min(segment - _buffered, plain.Length);
            plain[..take].CopyTo(_plain.AsMemory(_buffered));
            _buffered += take;
            plain = plain[take..];
            if (_buffered == segment)
            {
                await SealAsync(_plain.AsMemory(0, segment), cancellationToken).ConfigureAwait(false);
                _buffered = 0;
            }
        }
    }

    /// <summary>Writes what is left: the gathered one-time-padded record, or the empty segment of an empty payload.</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (_written != _plan.PlainBytes)
        {
            throw new InvalidOperationException($"The payload ended after {_written} of its {_plan.PlainBytes} bytes.");
        }

        if (_cipher is null)
        {
            byte[] wire = ShareCipher.Seal(_plan, _keys, _context, _direction, _plain);
            await _destination.WriteAsync(wire, cancellationToken).ConfigureAwait(false);
        }
        else if (_index < _plan.Segments)
        {
            // only an empty payload gets here: its one segment is the tag alone
            await SealAsync(ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _cipher?.Dispose();
        CryptographicOperations.ZeroMemory(_keys);
        CryptographicOperations.ZeroMemory(_plain);
    }

    private async ValueTask SealAsync(ReadOnlyMemory<byte> plain, CancellationToken cancellationToken)
    {
        int wireLength = plain.Length + ShareProtectionPlan.GcmTagBytes;
        _cipher!.Seal(_index++, plain.Span, _wire.AsSpan(0, wireLength));
        await _destination.WriteAsync(_wire.AsMemory(0, wireLength), cancellationToken).ConfigureAwait(false);
    }
}
