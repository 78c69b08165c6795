using System.Security.Cryptography;

namespace QkdNet.Primitives.SecretSharing;

/// <summary>
/// A Shamir split (<see cref="ShamirSharing"/>, Shamir, CACM 22, 612 (1979)) of a secret taken in segments of
/// <see cref="SegmentBytes"/>, in which each share can be written on its own, in any order and more than once, bit for
/// bit the same: the coefficients of segment r are the AES-256-CTR keystream at index r (<see cref="AesCtrRandomness.FillAt"/>,
/// the generate function of NIST SP 800-90A Rev. 1 CTR_DRBG, Sec. 10.2.1.5) under a 256-bit key drawn from
/// <see cref="RandomNumberGenerator"/> for this split and never given out. So the n shares of a large object stream to
/// their n servers in parallel, each produced segment by segment in the cache as its upload asks for it, none ever held
/// whole, and an upload that starts over gets the same bytes (and the same MAC). Each byte's polynomial has k - 1
/// coefficients from the keystream, as in <see cref="ShamirSharing.Split"/>, so any k - 1 shares are as independent of the
/// secret as the keystream is of uniform. When the split is told how many writers there are, a segment's coefficients
/// are drawn once and read by all of them (<see cref="SharedBytes"/> at most, held while the writers are within that many
/// segments of each other; a writer too far ahead or behind draws its own, the same bytes): the keystream was the split's
/// largest cost, drawn n times over ((k - 1) x n bytes per secret byte, 1 GB per 100 MB put at 3-of-5; docs/PERFORMANCE.md,
/// branch <c>cloud2</c>). <see cref="Dispose"/> zeroes the key and the shared coefficients, once every writer is done.
/// </summary>
public sealed class SegmentedShamirSplit : IDisposable
{
    /// <summary>Most bytes of coefficients held for writers to share (32 MiB: 16 segments of 1 MiB at k = 3).</summary>
    public const long SharedBytes = 32L << 20;

    private readonly byte[] _key = new byte[32];
    private readonly Lock _gate = new();
    private readonly Dictionary<long, SharedCoefficients> _shared = [];
    private readonly List<byte[]> _buffers = [];
    private readonly Stack<byte[]> _spare = new();
    private readonly int _writers;
    private readonly int _sharedSegments;

    /// <summary>A split with threshold <paramref name="threshold"/> in segments of <paramref name="segmentBytes"/> (1 to 16 MiB).</summary>
    /// <param name="threshold">k.</param>
    /// <param name="segmentBytes">Secret bytes per segment.</param>
    /// <param name="writers">
    /// How many writers (shares) will each write every segment: 2 or more shares the coefficients among them; 1 (default)
    /// draws them in each writer. The shares are the same bytes either way.
    /// </param>
    public SegmentedShamirSplit(int threshold, int segmentBytes, int writers = 1)
    {
        if (threshold < 2 || threshold > ShamirSharing.MaxShares)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), $"the threshold k must be from 2 to {ShamirSharing.MaxShares}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(segmentBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(segmentBytes, 16 << 20);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(writers);
        Threshold = threshold;
        SegmentBytes = segmentBytes;
        _writers = writers;
        _sharedSegments = writers < 2 ? 0 : (int)Math.Min(int.MaxValue, SharedBytes / ((long)(threshold - 1) * segmentBytes));
        RandomNumberGenerator.Fill(_key);
    }

    /// <summary>The threshold k.</summary>
    public int Threshold { get; }

    /// <summary>Secret bytes per segment; every segment but the last is this long.</summary>
    public int SegmentBytes { get; }

    /// <summary>
    /// A writer of share x = <paramref name="x"/> (1 to 255) with its own cipher and coefficient buffer, so writers of
    /// different shares run on different threads at once. Dispose it (it zeroes its buffer).
    /// </summary>
    public ShareWriter Writer(byte x)
    {
        ArgumentOutOfRangeException.ThrowIfZero(x);
        return new ShareWriter(this, x);
    }

    /// <inheritdoc />
    /// <remarks>Call it once every writer is done: it zeroes the shared coefficients under them.</remarks>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_key);
        lock (_gate)
        {
            foreach (byte[] buffer in _buffers)
            {
                CryptographicOperations.ZeroMemory(buffer);
            }

            _shared.Clear();
            _spare.Clear();
        }
    }

    /// <summary>
    /// The shared coefficients of segment <paramref name="index"/> (<paramref name="length"/> bytes), drawn by whichever
    /// writer comes first; null when the writer is to draw its own (no sharing, the window full, or a length that does not
    /// match the segment's).
    /// </summary>
    private SharedCoefficients? Acquire(long index, int length)
    {
        if (_sharedSegments == 0)
        {
            return null;
        }

        lock (_gate)
        {
            if (_shared.TryGetValue(index, out SharedCoefficients? held))
            {
                if (held.Length != length)
                {
                    return null;
                }

                held.Holders++;
                return held;
            }

            if (_shared.Count >= _sharedSegments)
            {
                return null;
            }

            if (!_spare.TryPop(out byte[]? buffer))
            {
                buffer = GC.AllocateUninitializedArray<byte>((Threshold - 1) * SegmentBytes);
                _buffers.Add(buffer);
            }

            var coefficients = new SharedCoefficients(buffer, length) { Holders = 1 };
            _shared[index] = coefficients;
            return coefficients;
        }
    }

    /// <summary>A writer is done with segment <paramref name="index"/>'s coefficients; the last of the writers frees them for another segment.</summary>
    private void Release(long index, SharedCoefficients coefficients)
    {
        lock (_gate)
        {
            // freed once every writer has read it and none still holds it (a writer that reads a segment again, an upload
            // sent twice, counts twice); overwritten by the next segment that takes the buffer, zeroed at Dispose
            coefficients.Holders--;
            if (++coefficients.Reads >= _writers && coefficients.Holders == 0 && _shared.Remove(index))
            {
                _spare.Push(coefficients.Buffer);
            }
        }
    }

    /// <summary>One segment's coefficients, filled once under its own lock.</summary>
    private sealed class SharedCoefficients(byte[] buffer, int length)
    {
        public byte[] Buffer { get; } = buffer;

        public int Length { get; } = length;

        public bool Filled { get; set; }

        public int Reads { get; set; }

        public int Holders { get; set; }
    }

    /// <summary>Writes one share of a <see cref="SegmentedShamirSplit"/>, segment by segment. Not thread-safe.</summary>
    public sealed class ShareWriter : IDisposable
    {
        private readonly SegmentedShamirSplit _split;
        private readonly AesCtrRandomness _keystream;
        private byte[]? _coefficients;
        private readonly int _degree;
        private readonly int _segmentBytes;
        private readonly byte _x;

        internal ShareWriter(SegmentedShamirSplit split, byte x)
        {
            _split = split;
            _keystream = new AesCtrRandomness(split._key);
            _degree = split.Threshold - 1;
            _segmentBytes = split.SegmentBytes;
            _x = x;
        }

        /// <summary>
        /// Writes share x of segment <paramref name="index"/> (secret bytes <paramref name="secret"/>, at most a segment, as
        /// long as <paramref name="share"/>). Every writer of the split must see the same segment boundaries.
        /// </summary>
        public void Write(long index, ReadOnlySpan<byte> secret, Span<byte> share)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            if (secret.Length > _segmentBytes || share.Length != secret.Length)
            {
                throw new ArgumentException("A segment is at most SegmentBytes long, and its share exactly as long as its secret bytes.");
            }

            // segment r's coefficients a_1..a_{k-1}, each as long as the segment (the layout ShamirSharing.Evaluate reads)
            int length = _degree * secret.Length;
            SharedCoefficients? shared = _split.Acquire(index, length);
            if (shared is null)
            {
                _coefficients ??= GC.AllocateUninitializedArray<byte>(_degree * _split.SegmentBytes);
                Span<byte> a = _coefficients.AsSpan(0, length);
                _keystream.FillAt((ulong)index, a);
                ShamirSharing.EvaluateInto(secret, a, _degree, _x, share);
                return;
            }

            try
            {
                lock (shared)
                {
                    if (!shared.Filled)
                    {
                        _keystream.FillAt((ulong)index, shared.Buffer.AsSpan(0, length));
                        shared.Filled = true;
                    }
                }

                ShamirSharing.EvaluateInto(secret, shared.Buffer.AsSpan(0, length), _degree, _x, share);
            }
            finally
            {
                _split.Release(index, shared);
            }
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _keystream.Dispose();
            if (_coefficients is not null)
            {
                CryptographicOperations.ZeroMemory(_coefficients);
            }
        }
    }
}
