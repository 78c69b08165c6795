using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using QkdNet.Primitives;

namespace QkdNet.PostProcessing.PrivacyAmplification;

/// <summary>
/// Products in GF(2)[x] of polynomials packed 64 coefficients to a word (coefficient i at word
/// i / 64, bit i % 64, as in <see cref="BitString"/>): schoolbook with PCLMULQDQ on small operands,
/// Karatsuba above <see cref="KaratsubaThreshold"/> words.
/// </summary>
internal static class CarrylessPolynomial
{
    /// <summary>
    /// Operand size in words at and below which schoolbook beats one more Karatsuba level
    /// (Karatsuba and Ofman 1962; over GF(2) the middle term is (a0+a1)(b0+b1) + a0b0 + a1b1).
    /// Measured on the shared 2-core dev machine (Toeplitz hash n = 16384 and 65536 bits, m = n/2,
    /// best of 30): 8 -> 283/131 Mbit/s, 12 -> 367/175, 16 -> 444/211, 32 -> 397/185, 64 -> 330/152.
    /// </summary>
    internal const int KaratsubaThreshold = 16;

    /// <summary>
    /// Writes the product of <paramref name="a"/> and <paramref name="b"/> into
    /// <paramref name="product"/> (exactly a.Length + b.Length words, overwritten).
    /// </summary>
    internal static void Multiply(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> product)
    {
        if (product.Length != a.Length + b.Length)
        {
            throw new ArgumentException("The product needs a.Length + b.Length words.", nameof(product));
        }

        product.Clear();
        if (a.Length < b.Length)
        {
            ReadOnlySpan<ulong> t = a;
            a = b;
            b = t;
        }

        int n = b.Length;
        if (n == 0)
        {
            return;
        }

        if (n <= KaratsubaThreshold)
        {
            SchoolbookAccumulate(a, b, product);
            return;
        }

        // Unbalanced operands: cut the longer one into pieces as long as the shorter one and add
        // the n-by-n Karatsuba products at their offsets.
        var scratch = new ulong[ScratchWords(n)];
        var piece = new ulong[2 * n];
        var padded = new ulong[n];
        try
        {
            for (int offset = 0; offset < a.Length; offset += n)
            {
                ReadOnlySpan<ulong> chunk = a.Slice(offset, Math.Min(n, a.Length - offset));
                if (chunk.Length < n)
                {
                    chunk.CopyTo(padded);
                    chunk = padded;
                }

                Karatsuba(chunk, b, piece, scratch);
                Span<ulong> dest = product[offset..];
                XorInto(dest[..Math.Min(dest.Length, 2 * n)], piece);
            }
        }
        finally
        {
            // The intermediate sums are key-derived.
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(scratch.AsSpan()));
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(piece.AsSpan()));
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(padded.AsSpan()));
        }
    }

    /// <summary>Schoolbook product (tests and small operands); <paramref name="product"/> is overwritten.</summary>
    internal static void MultiplySchoolbook(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> product)
    {
        product.Clear();
        SchoolbookAccumulate(a, b, product);
    }

    /// <summary>Words of scratch the n-by-n Karatsuba recursion needs: 4·ceil(n/2) per level.</summary>
    internal static int ScratchWords(int n)
    {
        int total = 0;
        while (n > KaratsubaThreshold)
        {
            int k = n - (n >> 1);
            total += 4 * k;
            n = k;
        }

        return total;
    }

    /// <summary>
    /// product (2n words, overwritten) = a·b for a, b of n words. Splits at h = floor(n/2):
    /// a = a0 + a1·x^(64h); z0 = a0b0, z2 = a1b1, z1 = (a0+a1)(b0+b1) + z0 + z2.
    /// </summary>
    private static void Karatsuba(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> product, Span<ulong> scratch)
    {
        int n = a.Length;
        if (n <= KaratsubaThreshold)
        {
            product.Clear();
            SchoolbookAccumulate(a, b, product);
            return;
        }

        int h = n >> 1, k = n - h;
        Karatsuba(a[..h], b[..h], product[..(2 * h)], scratch);
        Karatsuba(a[h..], b[h..], product[(2 * h)..], scratch);

        Span<ulong> sa = scratch[..k];
        Span<ulong> sb = scratch.Slice(k, k);
        Span<ulong> z1 = scratch.Slice(2 * k, 2 * k);
        a[h..].CopyTo(sa);
        b[h..].CopyTo(sb);
        XorInto(sa, a[..h]);
        XorInto(sb, b[..h]);
        Karatsuba(sa, sb, z1, scratch[(4 * k)..]);

        XorInto(z1, product[..(2 * h)]);
        XorInto(z1, product[(2 * h)..]);
        XorInto(product.Slice(h, 2 * k), z1);
    }

    /// <summary>destination[i] ^= source[i] for i &lt; source.Length, 512 or 256 bits at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void XorInto(Span<ulong> destination, ReadOnlySpan<ulong> source)
    {
        int len = Math.Min(destination.Length, source.Length);
        ref ulong d = ref MemoryMarshal.GetReference(destination);
        ref ulong s = ref MemoryMarshal.GetReference(source);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 8 <= len; i += 8)
            {
                (Vector512.LoadUnsafe(ref d, (nuint)i) ^ Vector512.LoadUnsafe(ref s, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
            }
        }

        for (; i + 4 <= len; i += 4)
        {
            (Vector256.LoadUnsafe(ref d, (nuint)i) ^ Vector256.LoadUnsafe(ref s, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
        }

        for (; i < len; i++)
        {
            Unsafe.Add(ref d, i) ^= Unsafe.Add(ref s, i);
        }
    }

    /// <summary>product ^= a·b (product at least a.Length + b.Length words).</summary>
    private static void SchoolbookAccumulate(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> product)
    {
        if (Pclmulqdq.IsSupported && Ssse3.IsSupported)
        {
            SchoolbookClmul(a, b, product);
            return;
        }

        for (int i = 0; i < a.Length; i++)
        {
            for (int j = 0; j < b.Length; j++)
            {
                ulong lo = Gf64.CarrylessMultiplySoftware(a[i], b[j], out ulong hi);
                product[i + j] ^= lo;
                product[i + j + 1] ^= hi;
            }
        }
    }

    /// <summary>
    /// Row by row: a_i times two words of b per step. The two 128-bit products (l_j, h_j) and
    /// (l_j+1, h_j+1) are regrouped into (l_j, l_j+1) and (h_j-1, h_j) so that each step does one
    /// aligned-to-itself 128-bit read-modify-write that never overlaps the previous one.
    /// </summary>
    private static void SchoolbookClmul(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> product)
    {
        ref ulong bRef = ref MemoryMarshal.GetReference(b);
        ref ulong pRef = ref MemoryMarshal.GetReference(product);
        int pairs = b.Length & ~1;
        for (int i = 0; i < a.Length; i++)
        {
            Vector128<ulong> va = Vector128.CreateScalarUnsafe(a[i]);
            Vector128<ulong> prevHigh = Vector128<ulong>.Zero;
            ref ulong row = ref Unsafe.Add(ref pRef, i);
            for (int j = 0; j < pairs; j += 2)
            {
                Vector128<ulong> vb = Vector128.LoadUnsafe(ref bRef, (nuint)j);
                Vector128<ulong> p0 = Pclmulqdq.CarrylessMultiply(va, vb, 0x00);
                Vector128<ulong> p1 = Pclmulqdq.CarrylessMultiply(va, vb, 0x10);
                Vector128<ulong> low = Sse2.UnpackLow(p0, p1);
                Vector128<ulong> high = Sse2.UnpackHigh(p0, p1);
                Vector128<ulong> shifted = Ssse3.AlignRight(high.AsByte(), prevHigh.AsByte(), 8).AsUInt64();
                (Vector128.LoadUnsafe(ref row, (nuint)j) ^ low ^ shifted).StoreUnsafe(ref row, (nuint)j);
                prevHigh = high;
            }

            ulong carry = prevHigh.GetElement(1);
            if (pairs < b.Length)
            {
                Vector128<ulong> p = Pclmulqdq.CarrylessMultiply(va, Vector128.CreateScalarUnsafe(b[pairs]), 0x00);
                Unsafe.Add(ref row, pairs) ^= p.GetElement(0) ^ carry;
                Unsafe.Add(ref row, pairs + 1) ^= p.GetElement(1);
            }
            else
            {
                Unsafe.Add(ref row, pairs) ^= carry;
            }
        }
    }
}
