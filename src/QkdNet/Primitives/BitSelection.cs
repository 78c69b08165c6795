using System.Numerics;
using System.Runtime.Intrinsics.X86;

namespace QkdNet.Primitives;

/// <summary>Word-wide selection of bits by a mask (parallel bit extract, BMI2 PEXT where available).</summary>
public static class BitSelection
{
    /// <summary>
    /// The bits of <paramref name="source"/> at the positions where <paramref name="mask"/> has a 1, in
    /// order, packed into a new string. <paramref name="mask"/> has the same word count as the source
    /// and no bits past its length.
    /// </summary>
    public static BitString Select(BitString source, ReadOnlySpan<ulong> mask)
    {
        ArgumentNullException.ThrowIfNull(source);
        ReadOnlySpan<ulong> words = source.ReadOnlyWords;
        if (mask.Length != words.Length)
        {
            throw new ArgumentException("The mask must have as many words as the source.", nameof(mask));
        }

        int total = 0;
        foreach (ulong m in mask)
        {
            total += BitOperations.PopCount(m);
        }

        var result = new BitString(total);
        Span<ulong> output = result.Words;
        int position = 0;
        for (int i = 0; i < words.Length; i++)
        {
            ulong m = mask[i];
            if (m == 0)
            {
                continue;
            }

            ulong picked = Extract(words[i], m);
            int count = BitOperations.PopCount(m);
            int w = position >> 6, b = position & 63;
            output[w] |= picked << b;
            if (b != 0 && b + count > 64)
            {
                output[w + 1] |= picked >> (64 - b);
            }

            position += count;
        }

        return result;
    }

    /// <summary>Number of ones in <paramref name="mask"/>.</summary>
    public static int Count(ReadOnlySpan<ulong> mask)
    {
        int n = 0;
        foreach (ulong m in mask)
        {
            n += BitOperations.PopCount(m);
        }

        return n;
    }

    private static ulong Extract(ulong value, ulong mask)
    {
        if (Bmi2.X64.IsSupported)
        {
            return Bmi2.X64.ParallelBitExtract(value, mask);
        }

        ulong result = 0;
        int k = 0;
        while (mask != 0)
        {
            int bit = BitOperations.TrailingZeroCount(mask);
            result |= ((value >> bit) & 1UL) << k++;
            mask &= mask - 1;
        }

        return result;
    }
}
