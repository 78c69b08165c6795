using System.Buffers.Binary;
using QkdNet.PostProcessing.Authentication;
using QkdNet.PostProcessing.Verification;

namespace QkdNet.Services.Cloud.Integrity;

/// <summary>
/// <see cref="ShareMac.Tag"/> taken piece by piece, for a share that streams past and is never held whole: the same
/// polynomial hash (Horner over the little-endian 64-bit words, <see cref="PolynomialHash"/>), then the version and the
/// length words and the pad, exactly as <see cref="MessageAuthenticator"/> computes it over the whole share, so
/// <see cref="Finish"/> equals <see cref="ShareMac.Tag"/> of the concatenated pieces (Wegman and Carter, JCSS 22 (1981),
/// Sec. 4). Pieces of any length; a multiple of 8 bytes avoids the carry. Holds the key until <see cref="Finish"/>,
/// which clears it. Not thread-safe.
/// </summary>
public sealed class ShareMacHasher
{
    private readonly byte[] _carry = new byte[8];
    private ulong _hashKey;
    private ulong _pad;
    private ulong _state;
    private long _length;
    private int _carried;

    /// <summary>A hasher under the share's 16-byte MAC key (<see cref="ShareMac.KeyBytes"/>).</summary>
    public ShareMacHasher(ReadOnlySpan<byte> key)
    {
        if (key.Length != ShareMac.KeyBytes)
        {
            throw new ArgumentException($"A share MAC key is {ShareMac.KeyBytes} bytes.", nameof(key));
        }

        _hashKey = BinaryPrimitives.ReadUInt64LittleEndian(key);
        _pad = BinaryPrimitives.ReadUInt64LittleEndian(key[8..]);
    }

    /// <summary>Absorbs the next bytes of the share.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        _length += bytes.Length;
        if (_carried > 0)
        {
            int take = Math.Min(8 - _carried, bytes.Length);
            bytes[..take].CopyTo(_carry.AsSpan(_carried));
            _carried += take;
            bytes = bytes[take..];
            if (_carried < 8)
            {
                return;
            }

            _state = PolynomialHash.Absorb(_state, _hashKey, BinaryPrimitives.ReadUInt64LittleEndian(_carry));
            _carried = 0;
        }

        int whole = bytes.Length & ~7;
        _state = PolynomialHash.AbsorbBytes(_state, _hashKey, bytes[..whole]);
        bytes[whole..].CopyTo(_carry);
        _carried = bytes.Length - whole;
    }

    /// <summary>The tag of everything appended, at <paramref name="version"/>; the hasher is spent (its key cleared).</summary>
    public ulong Finish(long version)
    {
        ulong state = _state;
        if (_carried > 0)
        {
            // the zero-padded last word, as PolynomialHash.AbsorbBytes pads it
            _carry.AsSpan(_carried).Clear();
            state = PolynomialHash.Absorb(state, _hashKey, BinaryPrimitives.ReadUInt64LittleEndian(_carry));
        }

        // the sequence and length words of MessageAuthenticator.ComputeTag (the length as its uint)
        state = PolynomialHash.Absorb(state, _hashKey, (ulong)version);
        state = PolynomialHash.Absorb(state, _hashKey, (uint)_length | ((ulong)(uint)AuthenticationRole.Alice << 63));
        ulong tag = state ^ _pad;
        _hashKey = _pad = _state = 0;
        Array.Clear(_carry);
        return tag;
    }
}
