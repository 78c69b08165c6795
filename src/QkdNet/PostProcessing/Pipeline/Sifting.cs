using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using QkdNet.PostProcessing.Reconciliation;
using QkdNet.Primitives;
using QkdNet.Quantum.Physics;

namespace QkdNet.PostProcessing.Pipeline;

/// <summary>
/// Sifting and sampling masks, computed word-wide and identically at both ends from public data
/// (bases, intensities, a public sample seed).
/// </summary>
internal sealed class Sifting
{
    private Sifting(ulong[] signal, ulong[] decoy, long[] detectionsPerIntensity)
    {
        SignalMask = signal;
        DecoyMask = decoy;
        DetectionsPerIntensity = detectionsPerIntensity;
    }

    /// <summary>Detections with agreeing bases from signal pulses: the key candidates.</summary>
    public ulong[] SignalMask { get; }

    /// <summary>Detections with agreeing bases from decoy pulses: disclosed to estimate E_nu.</summary>
    public ulong[] DecoyMask { get; }

    /// <summary>Detections per intensity, both bases.</summary>
    public long[] DetectionsPerIntensity { get; }

    /// <summary>
    /// Intensities packed as two bit planes (signal 00, decoy 01, vacuum 10): 64 detections per
    /// step by vector compares, the tail (and machines without vectors) one detection at a time.
    /// </summary>
    public static (BitString Low, BitString High) PackIntensities(Intensity[] intensities)
    {
        var low = new BitString(intensities.Length);
        var high = new BitString(intensities.Length);
        Span<ulong> lw = low.Words, hw = high.Words;
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(intensities.AsSpan());
        int whole = bytes.Length >> 6;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<byte> decoy = Vector256.Create((byte)Intensity.Decoy), vacuum = Vector256.Create((byte)Intensity.Vacuum);
            for (int w = 0; w < whole; w++)
            {
                Vector256<byte> a = Vector256.Create(bytes.Slice(w << 6, 32));
                Vector256<byte> b = Vector256.Create(bytes.Slice((w << 6) + 32, 32));
                lw[w] = Vector256.Equals(a, decoy).ExtractMostSignificantBits() | ((ulong)Vector256.Equals(b, decoy).ExtractMostSignificantBits() << 32);
                hw[w] = Vector256.Equals(a, vacuum).ExtractMostSignificantBits() | ((ulong)Vector256.Equals(b, vacuum).ExtractMostSignificantBits() << 32);
            }
        }
        else
        {
            whole = 0;
        }

        for (int i = whole << 6; i < intensities.Length; i++)
        {
            ulong bit = 1UL << (i & 63);
            if (intensities[i] == Intensity.Decoy)
            {
                lw[i >> 6] |= bit;
            }
            else if (intensities[i] == Intensity.Vacuum)
            {
                hw[i >> 6] |= bit;
            }
        }

        return (low, high);
    }

    public static Sifting Compute(BitString aliceBases, BitString bobBases, BitString low, BitString high)
    {
        int n = aliceBases.Length;
        int words = BitString.WordCount(n);
        var signal = new ulong[words];
        var decoy = new ulong[words];
        long signalDetections = 0, decoyDetections = 0;
        ReadOnlySpan<ulong> a = aliceBases.ReadOnlyWords, b = bobBases.ReadOnlyWords, lo = low.ReadOnlyWords, hi = high.ReadOnlyWords;
        for (int w = 0; w < words; w++)
        {
            ulong valid = w == words - 1 && (n & 63) != 0 ? (1UL << (n & 63)) - 1 : ~0UL;
            ulong agree = ~(a[w] ^ b[w]) & valid;
            ulong isSignal = ~(lo[w] | hi[w]) & valid;
            ulong isDecoy = lo[w] & ~hi[w];
            signal[w] = agree & isSignal;
            decoy[w] = agree & isDecoy;
            signalDetections += System.Numerics.BitOperations.PopCount(isSignal);
            decoyDetections += System.Numerics.BitOperations.PopCount(isDecoy);
        }

        return new Sifting(signal, decoy, [signalDetections, decoyDetections, n - signalDetections - decoyDetections]);
    }

    /// <summary>
    /// The sample mask over an <paramref name="n"/>-bit key: each bit chosen independently with
    /// probability <paramref name="fraction"/> (resolution 1/65536), from the public seed.
    /// </summary>
    public static ulong[] SampleMask(byte[] seed, int n, double fraction)
    {
        var random = new PublicPermutationRandom(seed, pass: 0);
        uint threshold = (uint)Math.Round(Math.Clamp(fraction, 0, 0.5) * 65536);
        var mask = new ulong[BitString.WordCount(n)];
        for (int i = 0; i < n; i += 4)
        {
            ulong r = random.NextUInt64();
            for (int j = 0; j < 4 && i + j < n; j++)
            {
                if ((uint)((r >> (16 * j)) & 0xFFFF) < threshold)
                {
                    mask[(i + j) >> 6] |= 1UL << ((i + j) & 63);
                }
            }
        }

        return mask;
    }

    /// <summary>The complement of <paramref name="mask"/> over <paramref name="n"/> bits.</summary>
    public static ulong[] Complement(ulong[] mask, int n)
    {
        var result = new ulong[mask.Length];
        for (int w = 0; w < mask.Length; w++)
        {
            ulong valid = w == mask.Length - 1 && (n & 63) != 0 ? (1UL << (n & 63)) - 1 : ~0UL;
            result[w] = ~mask[w] & valid;
        }

        return result;
    }
}
