using System.Numerics;

namespace QkdNet.PostProcessing.PrivacyAmplification;

/// <summary>
/// GF(2)[x] products through GF(2^64)[y]: each operand is cut into 32-bit pieces A_k(x), read as
/// field elements, so a(x) = A(y) at y = x^32 (Kronecker segmentation). A product of two pieces has
/// degree at most 62 &lt; 64, so it is never reduced modulo the field polynomial and the field sum
/// C_t = sum over k + l = t of A_k·B_l is exactly the GF(2)[x] coefficient block; c(x) is the C_t
/// overlapped at 32-bit steps. The field product A(y)·B(y) is done by the <see cref="AdditiveFft"/>
/// (the same segmentation as Chen, Cheng, Kuo, Li and Yang, "Faster multiplication for long binary
/// polynomials", 2017, there over GF(2^128)).
/// </summary>
/// <remarks>
/// Why not a number-theoretic transform: an integer convolution reduced mod 2 equals the GF(2)
/// product only when every coefficient is a single bit (packing several bits per coefficient lets
/// carries cross between bits), so 10^8-bit blocks would need a 2^28-point NTT with sums up to
/// 10^8 per coefficient, about 32 times the points of this transform. Here each field element
/// carries 32 bits and no carries exist. Measured on 10^8-bit blocks (busy 2-core dev machine):
/// 0.94 s best, 1.4 s mean per hash
/// (ToeplitzLargeBlockBenchmarks).
/// </remarks>
internal static class AdditiveFftMultiplier
{
    /// <summary>Bits per piece: two pieces' product (2·32 - 1 = 63 bits) fits one field element.</summary>
    private const int PieceBits = 32;

    /// <summary>Writes a·b into <paramref name="product"/> (a.Length + b.Length words, overwritten).</summary>
    internal static void Multiply(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> product)
    {
        if (product.Length != a.Length + b.Length)
        {
            throw new ArgumentException("The product needs a.Length + b.Length words.", nameof(product));
        }

        product.Clear();
        if (a.Length == 0 || b.Length == 0)
        {
            return;
        }

        int pieces = 2 * (a.Length + b.Length) - 1;
        int logSize = Math.Max(1, BitOperations.Log2(BitOperations.RoundUpToPowerOf2((uint)pieces)));
        int size = 1 << logSize;
        ulong[] fa = ToeplitzScratch.Rent(0, size);
        ulong[] fb = ToeplitzScratch.Rent(1, size);
        try
        {
            Span<ulong> ta = fa.AsSpan(0, size);
            Transform(a, ta, logSize);
            Transform(b, fb.AsSpan(0, size), logSize);
            AdditiveFft.MultiplyPointwise(ta, fb.AsSpan(0, size));
            AdditiveFft.Inverse(ta, logSize);
            AdditiveFft.FromNovelBasis(ta, logSize);
            for (int t = 0; t < pieces; t++)
            {
                ulong c = ta[t];
                int w = t >> 1;
                if ((t & 1) == 0)
                {
                    product[w] ^= c;
                }
                else
                {
                    product[w] ^= c << PieceBits;
                    product[w + 1] ^= c >> PieceBits;
                }
            }
        }
        finally
        {
            ToeplitzScratch.Return(0, fa, size);
            ToeplitzScratch.Return(1, fb, size);
        }
    }

    /// <summary>
    /// Writes the 32-bit pieces of <paramref name="words"/> into <paramref name="f"/> (2^L words, all
    /// zero on entry), in novel basis, transformed.
    /// </summary>
    private static void Transform(ReadOnlySpan<ulong> words, Span<ulong> f, int logSize)
    {
        for (int i = 0; i < words.Length; i++)
        {
            f[2 * i] = words[i] & 0xFFFF_FFFFUL;
            f[(2 * i) + 1] = words[i] >> PieceBits;
        }

        // Only the first 2^dataLog coefficients can be nonzero: convert just those (the top
        // divisions would have zero quotients) and let the transform skip the empty layers.
        int dataLog = Math.Min(logSize, BitOperations.Log2(BitOperations.RoundUpToPowerOf2((uint)(2 * words.Length))));
        AdditiveFft.ToNovelBasis(f[..(1 << dataLog)], dataLog);
        AdditiveFft.Forward(f, logSize, dataLog);
    }
}
