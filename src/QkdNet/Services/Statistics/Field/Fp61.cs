using System.Numerics;
using System.Runtime.CompilerServices;

namespace QkdNet.Services.Statistics.Field;

/// <summary>
/// The prime field F_p with p = 2^61 - 1 (a Mersenne prime), the ring every share of the statistics engine lives in.
/// Elements are <see cref="ulong"/> in canonical form [0, p). A product of two elements is at most 122 bits; since
/// 2^61 = 1 (mod p), it reduces with a shift, a mask and one addition (Crandall, "Method and apparatus for public key
/// exchange in a cryptographic system", US 5,159,632 (1992); Knuth TAOCP vol. 2, 4.3.2) instead of a division.
/// Signed integers map to the field as x mod p; values in (p/2, p) read back as negative.
/// Thread-safe (pure functions). The column operations take spans and run over whole columns.
/// </summary>
public static class Fp61
{
    /// <summary>The modulus 2^61 - 1.</summary>
    public const ulong P = (1UL << 61) - 1;

    /// <summary>Largest magnitude a signed value may have to read back unambiguously: (p - 1) / 2.</summary>
    public const ulong MaxSigned = P >> 1;

    /// <summary>(p + 1) / 4: since p = 3 (mod 4), a^((p+1)/4) is a square root of a quadratic residue a.</summary>
    private const ulong SqrtExponent = (P + 1) >> 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Add(ulong a, ulong b)
    {
        ulong s = a + b;
        return s >= P ? s - P : s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Sub(ulong a, ulong b) => a >= b ? a - b : a + P - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Neg(ulong a) => a == 0 ? 0 : P - a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mul(ulong a, ulong b)
    {
        ulong hi = Math.BigMul(a, b, out ulong lo);

        // z = hi * 2^64 + lo = (z >> 61) * 2^61 + (z & p) = (z >> 61) + (z & p) (mod p): both halves < 2^61.
        ulong s = (lo & P) + ((hi << 3) | (lo >> 61));
        return Reduce(s);
    }

    /// <summary>Reduces any value below 2^64 to [0, p).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Reduce(ulong x)
    {
        ulong s = (x & P) + (x >> 61);
        return s >= P ? s - P : s;
    }

    /// <summary>x mod p for a signed integer.</summary>
    public static ulong FromSigned(long x) => x >= 0 ? Reduce((ulong)x) : Neg(Reduce((ulong)(-(x + 1)) + 1));

    /// <summary>The signed integer in [-(p-1)/2, (p-1)/2] congruent to <paramref name="a"/>.</summary>
    public static long ToSigned(ulong a) => a <= MaxSigned ? (long)a : -(long)(P - a);

    public static ulong Pow(ulong a, ulong e)
    {
        ulong result = 1;
        while (e != 0)
        {
            if ((e & 1) != 0)
            {
                result = Mul(result, a);
            }

            a = Mul(a, a);
            e >>= 1;
        }

        return result;
    }

    /// <summary>The inverse of a non-zero element, a^(p-2) (Fermat's little theorem).</summary>
    public static ulong Inverse(ulong a) =>
        a == 0 ? throw new DivideByZeroException("0 has no inverse in F_p.") : Pow(a, P - 2);

    /// <summary>A square root of a quadratic residue: a^((p+1)/4), valid because p = 3 (mod 4) (Cohen, GTM 138, Sec. 1.5.1).</summary>
    public static ulong Sqrt(ulong a) => Pow(a, SqrtExponent);

    /// <summary>
    /// Square roots of quadratic residues in place: a^((p+1)/4) = a^(2^59), 59 squarings each, four elements at a time
    /// so that the multiplier runs four independent chains (the same roots as <see cref="Sqrt"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SqrtInPlace(Span<ulong> values)
    {
        const int Squarings = 59; // (p + 1) / 4 = 2^59
        int i = 0;
        for (; i + 4 <= values.Length; i += 4)
        {
            ulong a0 = values[i], a1 = values[i + 1], a2 = values[i + 2], a3 = values[i + 3];
            for (int k = 0; k < Squarings; k++)
            {
                a0 = Mul(a0, a0);
                a1 = Mul(a1, a1);
                a2 = Mul(a2, a2);
                a3 = Mul(a3, a3);
            }

            values[i] = a0;
            values[i + 1] = a1;
            values[i + 2] = a2;
            values[i + 3] = a3;
        }

        for (; i < values.Length; i++)
        {
            values[i] = Sqrt(values[i]);
        }
    }

    /// <summary>destination[i] = a[i] + b[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Add(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination)
    {
        CheckLengths(a.Length, b.Length, destination.Length);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Add(a[i], b[i]);
        }
    }

    /// <summary>destination[i] = a[i] - b[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sub(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination)
    {
        CheckLengths(a.Length, b.Length, destination.Length);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Sub(a[i], b[i]);
        }
    }

    /// <summary>destination[i] = a[i] * b[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Mul(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination)
    {
        CheckLengths(a.Length, b.Length, destination.Length);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Mul(a[i], b[i]);
        }
    }

    /// <summary>destination[i] = c * a[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scale(ReadOnlySpan<ulong> a, ulong c, Span<ulong> destination)
    {
        CheckLengths(a.Length, a.Length, destination.Length);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Mul(a[i], c);
        }
    }

    /// <summary>destination[i] += c * a[i] (the step of every linear combination of share vectors).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MulAdd(ReadOnlySpan<ulong> a, ulong c, Span<ulong> destination)
    {
        CheckLengths(a.Length, a.Length, destination.Length);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Add(destination[i], Mul(a[i], c));
        }
    }

    /// <summary>The sum of a column.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Sum(ReadOnlySpan<ulong> a)
    {
        // Up to 7 canonical elements (< 2^61 each) add without overflowing 64 bits; fold every 4 to stay clear.
        ulong acc = 0;
        int i = 0;
        for (; i + 4 <= a.Length; i += 4)
        {
            acc = Reduce(acc + a[i] + a[i + 1] + a[i + 2] + a[i + 3]);
        }

        for (; i < a.Length; i++)
        {
            acc = Reduce(acc + a[i]);
        }

        return acc;
    }

    /// <summary>The inner product sum_i a[i] * b[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Dot(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        CheckLengths(a.Length, b.Length, a.Length);

        // Products are below 2^122; 64 of them add below 2^128, so accumulate 128 bits and fold every 32.
        UInt128 acc = 0;
        ulong result = 0;
        for (int i = 0; i < a.Length; i++)
        {
            acc += (UInt128)a[i] * b[i];
            if ((i & 31) == 31)
            {
                result = Add(result, Reduce128(acc));
                acc = 0;
            }
        }

        return Add(result, Reduce128(acc));
    }

    /// <summary>Reduces a 128-bit value to [0, p).</summary>
    public static ulong Reduce128(UInt128 z)
    {
        // 2^61 = 1: sum the 61-bit digits (at most three, each < 2^61, plus the top 6 bits).
        ulong d0 = (ulong)z & P;
        ulong d1 = (ulong)(z >> 61) & P;
        ulong d2 = (ulong)(z >> 122);
        return Reduce(d0 + d1 + d2);
    }

    /// <summary>Maps 64 random bits to a field element: the low 61 bits, with p itself (probability 2^-61) read as 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FromRandomBits(ulong bits)
    {
        ulong x = bits & P;
        return x == P ? 0 : x;
    }

    /// <summary>Inverts every element in place with one field inversion (Montgomery's trick, "Speeding the Pollard and
    /// elliptic curve methods of factorization", Math. Comp. 48 (1987), Sec. 10.3.1). No element may be zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BatchInverse(Span<ulong> values)
    {
        if (values.IsEmpty)
        {
            return;
        }

        var prefix = new ulong[values.Length];
        ulong acc = 1;
        for (int i = 0; i < values.Length; i++)
        {
            prefix[i] = acc;
            acc = Mul(acc, values[i]);
        }

        ulong inv = Inverse(acc);
        for (int i = values.Length - 1; i >= 0; i--)
        {
            ulong vi = values[i];
            values[i] = Mul(inv, prefix[i]);
            inv = Mul(inv, vi);
        }
    }

    /// <summary>Number of bits needed for <paramref name="x"/> (0 for 0).</summary>
    public static int BitLength(ulong x) => 64 - BitOperations.LeadingZeroCount(x);

    private static void CheckLengths(int a, int b, int destination)
    {
        if (a != destination || b != destination)
        {
            throw new ArgumentException($"column lengths differ ({a}, {b}, destination {destination}).");
        }
    }
}
