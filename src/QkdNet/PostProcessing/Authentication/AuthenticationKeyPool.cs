using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using QkdNet.Primitives;

namespace QkdNet.PostProcessing.Authentication;

/// <summary>
/// Secret bits that both ends of a link hold identically, consumed first in, first out for
/// message authentication: a pre-shared key at start, refilled with <see cref="Replenish"/> from
/// each distilled block. Both ends must take the same amounts in the same order to stay in step.
/// </summary>
/// <remarks>
/// Thread-safe. Consumed bits are zeroed at once; <see cref="Dispose"/> zeroes the rest. The bits
/// never appear in <see cref="ToString"/> or exception messages.
/// </remarks>
public sealed class AuthenticationKeyPool : IDisposable
{
    private readonly Lock _lock = new();
    private ulong[] _buffer;
    private long _start; // first unread bit in _buffer
    private long _end;   // one past the last stored bit
    private long _bitsConsumed;
    private long _bitsAdded;
    private bool _disposed;

    /// <summary>Creates a pool holding a copy of <paramref name="preSharedKey"/> (the caller may clear its copy).</summary>
    public AuthenticationKeyPool(BitString preSharedKey)
    {
        ArgumentNullException.ThrowIfNull(preSharedKey);
        _buffer = new ulong[preSharedKey.ReadOnlyWords.Length + 1];
        Append(preSharedKey);
    }

    /// <summary>Bits available to take now.</summary>
    public long BitsAvailable
    {
        get
        {
            lock (_lock)
            {
                return _end - _start;
            }
        }
    }

    /// <summary>Bits taken since the pool was created.</summary>
    public long BitsConsumed
    {
        get
        {
            lock (_lock)
            {
                return _bitsConsumed;
            }
        }
    }

    /// <summary>Bits put in since the pool was created, the pre-shared key included.</summary>
    public long BitsAdded
    {
        get
        {
            lock (_lock)
            {
                return _bitsAdded;
            }
        }
    }

    /// <summary>Appends a copy of <paramref name="bits"/> (the caller may clear its copy).</summary>
    public void Replenish(BitString bits)
    {
        ArgumentNullException.ThrowIfNull(bits);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Append(bits);
        }
    }

    /// <summary>
    /// Takes the next <paramref name="bitCount"/> bits, or returns false and takes nothing when
    /// fewer are available.
    /// </summary>
    public bool TryTake(int bitCount, [NotNullWhen(true)] out BitString? bits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bitCount);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_end - _start < bitCount)
            {
                bits = null;
                return false;
            }

            bits = new BitString(bitCount);
            Span<ulong> words = bits.Words;
            for (int i = 0; i < words.Length; i++)
            {
                words[i] = ReadWordUnlocked(_start + (64L * i));
            }

            if ((bitCount & 63) != 0)
            {
                words[^1] &= (1UL << (bitCount & 63)) - 1;
            }

            Consume(bitCount);
            return true;
        }
    }

    /// <summary>Fills <paramref name="destination"/> with whole 64-bit words at once, or takes nothing (false).</summary>
    internal bool TryTakeWords(Span<ulong> destination)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_end - _start < 64L * destination.Length)
            {
                return false;
            }

            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = ReadWordUnlocked(_start + (64L * i));
            }

            Consume(64 * destination.Length);
            return true;
        }
    }

    /// <summary>Zeroes every bit still held; the pool cannot be used afterwards.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_buffer.AsSpan()));
            _start = _end = 0;
            _disposed = true;
        }
    }

    /// <summary>Shows the accounting only, never the bits.</summary>
    public override string ToString() => $"AuthenticationKeyPool({BitsAvailable} bits available, {BitsConsumed} consumed)";

    /// <summary>Length of the backing buffer in words (for tests of its bound).</summary>
    internal int CapacityWords
    {
        get
        {
            lock (_lock)
            {
                return _buffer.Length;
            }
        }
    }

    private ulong ReadWordUnlocked(long bit)
    {
        long w = bit >> 6;
        int shift = (int)(bit & 63);
        ulong lo = _buffer[w] >> shift;
        ulong hi = shift != 0 && w + 1 < _buffer.Length ? _buffer[w + 1] << (64 - shift) : 0UL;
        return lo | hi;
    }

    /// <summary>Advances past <paramref name="bitCount"/> bits and zeroes the words left wholly behind.</summary>
    private void Consume(int bitCount)
    {
        long firstWord = _start >> 6;
        _start += bitCount;
        _bitsConsumed += bitCount;
        long doneWords = _start >> 6;
        if (_start == _end)
        {
            doneWords = _buffer.Length;
            _start = _end = 0;
        }

        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_buffer.AsSpan((int)firstWord, (int)(doneWords - firstWord))));
        if ((_start & 63) != 0)
        {
            _buffer[_start >> 6] &= ~((1UL << (int)(_start & 63)) - 1); // the consumed low bits of a part-used word
        }
    }

    private void Append(BitString bits)
    {
        long needed = ((_end + bits.Length + 63) >> 6) + 1;
        if (needed > _buffer.Length)
        {
            // Move the unread bits to the front of a larger buffer and wipe the old one.
            long offsetWords = _start >> 6;
            long liveWords = ((_end + 63) >> 6) - offsetWords;
            // Twice what is live after this append, not twice the old buffer: a link that keeps a
            // steady level by consuming and replenishing every block would otherwise double the
            // buffer on every wrap-around and grow without bound (33 280 words after 2000 such blocks of 4 kbit).
            long capacity = Math.Max(16, 2L * (needed - offsetWords));
            var grown = new ulong[checked((int)capacity)];
            _buffer.AsSpan((int)offsetWords, (int)liveWords).CopyTo(grown);
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_buffer.AsSpan()));
            _buffer = grown;
            _start -= offsetWords << 6;
            _end -= offsetWords << 6;
        }

        ReadOnlySpan<ulong> source = bits.ReadOnlyWords;
        int shift = (int)(_end & 63);
        long w = _end >> 6;
        for (int i = 0; i < source.Length; i++)
        {
            _buffer[w + i] |= source[i] << shift;
            if (shift != 0)
            {
                _buffer[w + i + 1] |= source[i] >> (64 - shift);
            }
        }

        _end += bits.Length;
        _bitsAdded += bits.Length;
    }
}
