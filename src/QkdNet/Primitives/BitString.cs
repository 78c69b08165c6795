using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace QkdNet.Primitives;

/// <summary>
/// A fixed-length string of bits packed 64 to a <see cref="ulong"/> word, bit <c>i</c> at word
/// <c>i / 64</c>, position <c>i % 64</c> (least significant first). Bits past <see cref="Length"/> in
/// the last word are always zero, so word-wide parity, popcount and equality need no masking.
/// </summary>
/// <remarks>
/// A bit string may hold key material: <see cref="ToString"/> never shows the bits, equality is
/// constant-time, and <see cref="Clear"/> zeroes the storage. Not thread-safe for writes.
/// </remarks>
public sealed class BitString : IEquatable<BitString>
{
    private readonly ulong[] _words;

    /// <summary>Creates an all-zero string of <paramref name="length"/> bits.</summary>
    public BitString(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        _words = new ulong[WordCount(length)];
    }

    private BitString(ulong[] words, int length)
    {
        _words = words;
        Length = length;
    }

    /// <summary>Number of bits.</summary>
    public int Length { get; }

    /// <summary>The packed words; bits past <see cref="Length"/> must stay zero.</summary>
    public Span<ulong> Words => _words;

    /// <summary>The packed words, read-only.</summary>
    public ReadOnlySpan<ulong> ReadOnlyWords => _words;

    /// <summary>The backing words themselves, for hot loops that keep a reference across calls (same array as <see cref="Words"/>).</summary>
    internal ulong[] WordArray => _words;

    /// <summary>Number of 64-bit words needed for <paramref name="bits"/> bits.</summary>
    public static int WordCount(int bits) => (int)(((long)bits + 63) >> 6);

    /// <summary>Wraps <paramref name="words"/> (taken, not copied) as a string of <paramref name="length"/> bits.</summary>
    public static BitString FromWords(ulong[] words, int length)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (words.Length != WordCount(length))
        {
            throw new ArgumentException($"{length} bits need {WordCount(length)} words, not {words.Length}.", nameof(words));
        }

        var s = new BitString(words, length);
        s.MaskTail();
        return s;
    }

    /// <summary>Bits from bytes, bit <c>8j + k</c> being bit <c>k</c> (LSB first) of byte <c>j</c>.</summary>
    public static BitString FromBytes(ReadOnlySpan<byte> bytes, int? length = null)
    {
        int bits = length ?? checked(bytes.Length * 8);
        if (bits > bytes.Length * 8)
        {
            throw new ArgumentOutOfRangeException(nameof(length), "More bits asked for than the bytes hold.");
        }

        var s = new BitString(bits);
        Span<byte> dest = MemoryMarshal.AsBytes(s._words.AsSpan());
        bytes[..((bits + 7) / 8)].CopyTo(dest);
        s.MaskTail();
        return s;
    }

    /// <summary>A string of cryptographically random bits (for keys, bases, seeds).</summary>
    public static BitString Random(int length)
    {
        var s = new BitString(length);
        RandomNumberGenerator.Fill(MemoryMarshal.AsBytes(s._words.AsSpan()));
        s.MaskTail();
        return s;
    }

    /// <summary>Gets or sets bit <paramref name="index"/>.</summary>
    public bool this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Length)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            return ((_words[index >> 6] >> (index & 63)) & 1UL) != 0;
        }
        set
        {
            if ((uint)index >= (uint)Length)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            ulong mask = 1UL << (index & 63);
            if (value)
            {
                _words[index >> 6] |= mask;
            }
            else
            {
                _words[index >> 6] &= ~mask;
            }
        }
    }

    /// <summary>Bit <paramref name="index"/> as 0 or 1, without bounds check beyond the array's.</summary>
    public int Bit(int index) => (int)((_words[index >> 6] >> (index & 63)) & 1UL);

    /// <summary>Flips bit <paramref name="index"/>.</summary>
    public void Flip(int index)
    {
        if ((uint)index >= (uint)Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        _words[index >> 6] ^= 1UL << (index & 63);
    }

    /// <summary>Number of one bits.</summary>
    public int PopCount()
    {
        int n = 0;
        foreach (ulong w in _words)
        {
            n += BitOperations.PopCount(w);
        }

        return n;
    }

    /// <summary>Parity (0 or 1) of the <paramref name="count"/> bits from <paramref name="start"/>, word-wide.</summary>
    public int Parity(int start, int count)
    {
        if (start < 0 || count < 0 || start > Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "Range outside the bit string.");
        }

        return RangeParity(_words, start, count);
    }

    /// <summary>Parity of the whole string.</summary>
    public int Parity() => RangeParity(_words, 0, Length);

    internal static int RangeParity(ReadOnlySpan<ulong> words, int start, int count)
    {
        if (count == 0)
        {
            return 0;
        }

        int end = start + count; // exclusive
        int w0 = start >> 6, w1 = (end - 1) >> 6;
        ulong headMask = ~0UL << (start & 63);
        ulong tailMask = ~0UL >> (63 - ((end - 1) & 63));
        if (w0 == w1)
        {
            return BitOperations.PopCount(words[w0] & headMask & tailMask) & 1;
        }

        ulong acc = (words[w0] & headMask) ^ (words[w1] & tailMask);
        for (int i = w0 + 1; i < w1; i++)
        {
            acc ^= words[i];
        }

        return BitOperations.PopCount(acc) & 1;
    }

    /// <summary>XORs <paramref name="other"/> (same length) into this string.</summary>
    public void Xor(BitString other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Length != Length)
        {
            throw new ArgumentException("Lengths differ.", nameof(other));
        }

        Span<ulong> a = _words;
        ReadOnlySpan<ulong> b = other._words;
        for (int i = 0; i < a.Length; i++)
        {
            a[i] ^= b[i];
        }
    }

    /// <summary>Number of positions where this string and <paramref name="other"/> differ.</summary>
    public int HammingDistance(BitString other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Length != Length)
        {
            throw new ArgumentException("Lengths differ.", nameof(other));
        }

        int n = 0;
        for (int i = 0; i < _words.Length; i++)
        {
            n += BitOperations.PopCount(_words[i] ^ other._words[i]);
        }

        return n;
    }

    /// <summary>A copy of the <paramref name="count"/> bits from <paramref name="start"/>.</summary>
    public BitString Slice(int start, int count)
    {
        if (start < 0 || count < 0 || start > Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "Range outside the bit string.");
        }

        var r = new BitString(count);
        int shift = start & 63;
        int src = start >> 6;
        Span<ulong> dst = r._words;
        for (int i = 0; i < dst.Length; i++)
        {
            ulong lo = _words[src + i] >> shift;
            ulong hi = shift != 0 && src + i + 1 < _words.Length ? _words[src + i + 1] << (64 - shift) : 0UL;
            dst[i] = lo | hi;
        }

        r.MaskTail();
        return r;
    }

    /// <summary>A copy of the whole string.</summary>
    public BitString Clone() => new((ulong[])_words.Clone(), Length);

    /// <summary>The bits as bytes, LSB first (the inverse of <see cref="FromBytes"/>).</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[(Length + 7) / 8];
        MemoryMarshal.AsBytes(_words.AsSpan())[..bytes.Length].CopyTo(bytes);
        return bytes;
    }

    /// <summary>Reads 64 bits from <paramref name="start"/> (bits past the end read as zero).</summary>
    public ulong ReadWord(int start)
    {
        int w = start >> 6, shift = start & 63;
        ulong lo = w < _words.Length ? _words[w] >> shift : 0UL;
        ulong hi = shift != 0 && w + 1 < _words.Length ? _words[w + 1] << (64 - shift) : 0UL;
        return lo | hi;
    }

    /// <summary>Zeroes the storage (call when a key is no longer needed).</summary>
    public void Clear() => CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_words.AsSpan()));

    /// <summary>Constant-time equality of length and bits.</summary>
    public bool Equals(BitString? other) =>
        other is not null && other.Length == Length &&
        CryptographicOperations.FixedTimeEquals(
            MemoryMarshal.AsBytes(_words.AsSpan()), MemoryMarshal.AsBytes(other._words.AsSpan()));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as BitString);

    /// <summary>Depends on the length only, so a hash never leaks key bits.</summary>
    public override int GetHashCode() => Length;

    /// <summary>Shows the length, never the bits.</summary>
    public override string ToString() => $"BitString({Length} bits)";

    /// <summary>Writes the little-endian bytes of the words (for hashing and messages).</summary>
    internal void WriteLittleEndian(Span<byte> destination)
    {
        for (int i = 0; i < _words.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination[(i * 8)..], _words[i]);
        }
    }

    private void MaskTail()
    {
        int r = Length & 63;
        if (r != 0)
        {
            _words[^1] &= (1UL << r) - 1;
        }
    }
}
