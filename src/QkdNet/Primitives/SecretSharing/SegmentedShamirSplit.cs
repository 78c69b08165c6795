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
/// secret as the keystream is of uniform. <see cref="Dispose"/> zeroes the key.
/// </summary>
public sealed class SegmentedShamirSplit : IDisposable
{
    private readonly byte[] _key = new byte[32];

    /// <summary>A split with threshold <paramref name="threshold"/> in segments of <paramref name="segmentBytes"/> (1 to 16 MiB).</summary>
    public SegmentedShamirSplit(int threshold, int segmentBytes)
    {
        if (threshold < 2 || threshold > ShamirSharing.MaxShares)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), $"the threshold k must be from 2 to {ShamirSharing.MaxShares}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(segmentBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(segmentBytes, 16 << 20);
        Threshold = threshold;
        SegmentBytes = segmentBytes;
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
    public void Dispose() => CryptographicOperations.ZeroMemory(_key);

    /// <summary>Writes one share of a <see cref="SegmentedShamirSplit"/>, segment by segment. Not thread-safe.</summary>
    public sealed class ShareWriter : IDisposable
    {
        private readonly AesCtrRandomness _keystream;
        private readonly byte[] _coefficients;
        private readonly int _degree;
        private readonly int _segmentBytes;
        private readonly byte _x;

        internal ShareWriter(SegmentedShamirSplit split, byte x)
        {
            _keystream = new AesCtrRandomness(split._key);
            _degree = split.Threshold - 1;
            _segmentBytes = split.SegmentBytes;
            _coefficients = GC.AllocateUninitializedArray<byte>(_degree * split.SegmentBytes);
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
            Span<byte> a = _coefficients.AsSpan(0, _degree * secret.Length);
            _keystream.FillAt((ulong)index, a);
            ShamirSharing.EvaluateInto(secret, a, _degree, _x, share);
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _keystream.Dispose();
            CryptographicOperations.ZeroMemory(_coefficients);
        }
    }
}
