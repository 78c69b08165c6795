using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace QkdNet.Primitives;

/// <summary>
/// Arithmetic in GF(2^64) = GF(2)[x] / (x^64 + x^4 + x^3 + x + 1). An element is a <see cref="ulong"/>
/// whose bit <c>i</c> is the coefficient of <c>x^i</c>; addition is XOR.
/// </summary>
/// <remarks>
/// x^64 + x^4 + x^3 + x + 1 is irreducible (Seroussi, "Table of low-weight binary irreducible
/// polynomials", HP Labs HPL-98-135, 1998); it is the R64 = 0x1B polynomial of NIST SP 800-38B.
/// Multiplication uses PCLMULQDQ where the CPU has it and a 4-bit windowed software product
/// otherwise. All members are pure and thread-safe.
/// </remarks>
public static class Gf64
{
    /// <summary>The low 64 bits of the field polynomial, x^4 + x^3 + x + 1.</summary>
    internal const ulong ReductionTail = 0x1B;

    /// <summary>True when multiplication runs on the carry-less multiply instruction.</summary>
    public static bool IsHardwareAccelerated => Pclmulqdq.IsSupported;

    /// <summary>The product <paramref name="a"/> * <paramref name="b"/> in GF(2^64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Multiply(ulong a, ulong b)
    {
        if (Pclmulqdq.IsSupported)
        {
            Vector128<ulong> p = Pclmulqdq.CarrylessMultiply(
                Vector128.CreateScalarUnsafe(a), Vector128.CreateScalarUnsafe(b), 0x00);
            return Reduce(p.GetElement(0), p.GetElement(1));
        }

        return MultiplySoftware(a, b);
    }

    /// <summary><paramref name="a"/> raised to <paramref name="exponent"/> by square-and-multiply.</summary>
    public static ulong Power(ulong a, ulong exponent)
    {
        ulong result = 1;
        ulong square = a;
        while (exponent != 0)
        {
            if ((exponent & 1) != 0)
            {
                result = Multiply(result, square);
            }

            square = Multiply(square, square);
            exponent >>= 1;
        }

        return result;
    }

    /// <summary>
    /// Reduces the 128-bit polynomial <paramref name="hi"/>·x^64 + <paramref name="lo"/> modulo the
    /// field polynomial: x^64 = x^4 + x^3 + x + 1, applied twice because hi·(x^4+x^3+x+1) spills at
    /// most 4 bits past x^63.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Reduce(ulong lo, ulong hi)
    {
        ulong spill = (hi >> 60) ^ (hi >> 61) ^ (hi >> 63);
        hi ^= spill;
        return lo ^ hi ^ (hi << 1) ^ (hi << 3) ^ (hi << 4);
    }

    /// <summary>The carry-less (GF(2)[x]) product of two 64-bit polynomials as (low, high) words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong CarrylessMultiply(ulong a, ulong b, out ulong hi)
    {
        if (Pclmulqdq.IsSupported)
        {
            Vector128<ulong> p = Pclmulqdq.CarrylessMultiply(
                Vector128.CreateScalarUnsafe(a), Vector128.CreateScalarUnsafe(b), 0x00);
            hi = p.GetElement(1);
            return p.GetElement(0);
        }

        return CarrylessMultiplySoftware(a, b, out hi);
    }

    /// <summary>Software multiplication, the fallback when PCLMULQDQ is missing.</summary>
    internal static ulong MultiplySoftware(ulong a, ulong b)
    {
        ulong lo = CarrylessMultiplySoftware(a, b, out ulong hi);
        return Reduce(lo, hi);
    }

    /// <summary>
    /// Carry-less product by 4-bit windows: a table of a·w for the 16 nibbles w, then Horner over
    /// the nibbles of <paramref name="b"/> from the top.
    /// </summary>
    internal static ulong CarrylessMultiplySoftware(ulong a, ulong b, out ulong hi)
    {
        Span<ulong> tableLo = stackalloc ulong[16];
        Span<ulong> tableHi = stackalloc ulong[16];
        for (int w = 0; w < 16; w++)
        {
            ulong l = 0, h = 0;
            for (int bit = 0; bit < 4; bit++)
            {
                if (((w >> bit) & 1) != 0)
                {
                    l ^= a << bit;
                    h ^= bit == 0 ? 0 : a >> (64 - bit);
                }
            }

            tableLo[w] = l;
            tableHi[w] = h;
        }

        ulong rl = 0, rh = 0;
        for (int shift = 60; shift >= 0; shift -= 4)
        {
            rh = (rh << 4) | (rl >> 60);
            rl <<= 4;
            int nibble = (int)(b >> shift) & 15;
            rl ^= tableLo[nibble];
            rh ^= tableHi[nibble];
        }

        hi = rh;
        return rl;
    }

    /// <summary>
    /// Bit-by-bit reference (shift-and-add with a reduction at every step); slow, for tests only.
    /// </summary>
    internal static ulong MultiplyReference(ulong a, ulong b)
    {
        ulong result = 0;
        for (int i = 0; i < 64; i++)
        {
            if (((b >> i) & 1) != 0)
            {
                result ^= a;
            }

            bool carry = (a >> 63) != 0;
            a <<= 1;
            if (carry)
            {
                a ^= ReductionTail;
            }
        }

        return result;
    }
}
