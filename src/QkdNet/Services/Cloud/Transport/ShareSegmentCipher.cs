using System.Buffers.Binary;
using System.Security.Cryptography;

namespace QkdNet.Services.Cloud.Transport;

/// <summary>
/// The AES-256-GCM part of <see cref="ShareCipher"/>, one segment at a time, so a share can be sealed or opened as it
/// streams (NIST SP 800-38D): segment i under key ⌊i·S/R⌋ of the plan's keys, the 96-bit nonce 0^32 || i, the context
/// and direction as associated data. It keeps its own copy of the keys, zeroed on <see cref="Dispose"/>, and one
/// <see cref="AesGcm"/> at a time, replaced when the plan moves to the next key. Not thread-safe.
/// </summary>
public sealed class ShareSegmentCipher : IDisposable
{
    private const int NonceBytes = 12;
    private readonly ShareProtectionPlan _plan;
    private readonly byte[] _keys;
    private readonly byte[] _associated;
    private readonly long _segmentsPerKey;
    private AesGcm? _aes;
    private long _keyIndex = -1;

    /// <summary>A cipher for <paramref name="plan"/> (AES-GCM) under <paramref name="keys"/> (the plan's keys concatenated).</summary>
    /// <param name="plan">An AES-GCM plan.</param>
    /// <param name="keys">Exactly <see cref="ShareProtectionPlan.KeyBitsUsed"/> / 8 bytes of QKD key (copied).</param>
    /// <param name="context">Associated data binding the payload to its share and direction.</param>
    /// <param name="direction">The sender's role byte, appended to the associated data.</param>
    public ShareSegmentCipher(ShareProtectionPlan plan, ReadOnlySpan<byte> keys, ReadOnlySpan<byte> context, byte direction)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Kind != ShareProtectionKind.AesGcm || keys.Length * 8L != plan.KeyBitsUsed)
        {
            throw new ArgumentException("The plan is not AES-GCM, or the key material does not match it.");
        }

        _plan = plan;
        _keys = keys.ToArray();
        _segmentsPerKey = plan.RekeyBytes / plan.SegmentBytes;
        _associated = new byte[context.Length + 1];
        context.CopyTo(_associated);
        _associated[^1] = direction;
    }

    /// <summary>Payload bytes in segment <paramref name="index"/> (the last one may be short, or empty for an empty payload).</summary>
    public int PlainLength(long index) => (int)Math.Min(_plan.SegmentBytes, _plan.PlainBytes - (index * _plan.SegmentBytes));

    /// <summary>Seals segment <paramref name="index"/>: <paramref name="wire"/> gets the cipher text and then the 16-byte tag.</summary>
    public void Seal(long index, ReadOnlySpan<byte> plain, Span<byte> wire)
    {
        Span<byte> nonce = stackalloc byte[NonceBytes];
        AesGcm aes = For(index, nonce);
        aes.Encrypt(nonce, plain, wire[..plain.Length], wire.Slice(plain.Length, ShareProtectionPlan.GcmTagBytes), _associated);
    }

    /// <summary>Opens segment <paramref name="index"/> into <paramref name="plain"/>; false (and <paramref name="plain"/> zeroed) when its tag fails.</summary>
    public bool Open(long index, ReadOnlySpan<byte> wire, Span<byte> plain)
    {
        Span<byte> nonce = stackalloc byte[NonceBytes];
        AesGcm aes = For(index, nonce);
        try
        {
            aes.Decrypt(nonce, wire[..plain.Length], wire.Slice(plain.Length, ShareProtectionPlan.GcmTagBytes), plain, _associated);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(plain);
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _aes?.Dispose();
        _aes = null;
        CryptographicOperations.ZeroMemory(_keys);
    }

    private AesGcm For(long index, Span<byte> nonce)
    {
        if (index < 0 || index >= _plan.Segments)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        long keyIndex = index / _segmentsPerKey;
        if (keyIndex != _keyIndex)
        {
            _aes?.Dispose();
            _aes = new AesGcm(_keys.AsSpan((int)keyIndex * 32, 32), ShareProtectionPlan.GcmTagBytes);
            _keyIndex = keyIndex;
        }

        nonce.Clear();
        BinaryPrimitives.WriteInt64BigEndian(nonce[4..], index);
        return _aes!;
    }
}
