using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace QkdNet.Primitives;

/// <summary>
/// Arithmetic in GF(2^8) = GF(2)[x] / (x^8 + x^4 + x^3 + x + 1), the field of AES (FIPS 197, Sec. 4.2; polynomial
/// 0x11B) and of the GFNI instruction GF2P8MULB, so whole vectors of bytes multiply in one instruction where the CPU
/// has it. An element is a byte whose bit i is the coefficient of x^i; addition is XOR. Pure and thread-safe.
/// </summary>
/// <remarks>
/// Every path runs in constant time: the operands are shares of secrets (a key store's master key, a customer's
/// data), so no table is indexed by a value and no branch depends on one (the cache-timing leak of log/exp tables).
/// The scalar product adds and reduces bit by bit with masks; GF2P8MULB is constant-time by construction.
/// <see cref="MultiplyReference"/> is the textbook product the tests check every path against.
/// </remarks>
public static class Gf256
{
    /// <summary>The field polynomial x^8 + x^4 + x^3 + x + 1.</summary>
    public const int Polynomial = 0x11B;

    /// <summary>True when <see cref="MultiplyAdd(Span{byte}, ReadOnlySpan{byte}, byte)"/> and the Shamir kernels run on GF2P8MULB (GFNI).</summary>
    public static bool IsHardwareAccelerated => Gfni.IsSupported;

    /// <summary>a * b, in constant time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte Multiply(byte a, byte b)
    {
        int x = a, y = b, product = 0;
        for (int i = 0; i < 8; i++)
        {
            product ^= -(y & 1) & x; // add x when the low bit of y is set, without a branch
            x = ((x << 1) ^ (-((x >> 7) & 1) & Polynomial)) & 0xFF;
            y >>= 1;
        }

        return (byte)product;
    }

    /// <summary>a * b, shifting and reducing bit by bit with branches (the definition; for tests).</summary>
    public static byte MultiplyReference(byte a, byte b)
    {
        int product = 0, x = a;
        for (int bit = 0; bit < 8; bit++)
        {
            if (((b >> bit) & 1) != 0)
            {
                product ^= x;
            }

            x <<= 1;
            if ((x & 0x100) != 0)
            {
                x ^= Polynomial;
            }
        }

        return (byte)product;
    }

    /// <summary>The multiplicative inverse a^254 (a^255 = 1 for a != 0), in constant time; maps 0 to 0.</summary>
    public static byte Inverse(byte a)
    {
        byte result = 1, power = a;
        for (int bit = 0; bit < 8; bit++)
        {
            // 254 = 0b11111110: multiply in a^(2^bit) for bits 1..7
            result = Multiply(result, bit == 0 ? (byte)1 : power);
            power = Multiply(power, power);
        }

        return result;
    }

    /// <summary>a / b for non-zero <paramref name="b"/>.</summary>
    public static byte Divide(byte a, byte b)
    {
        ArgumentOutOfRangeException.ThrowIfZero(b);
        return Multiply(a, Inverse(b));
    }

    /// <summary><paramref name="accumulator"/>[i] ^= <paramref name="constant"/> * <paramref name="source"/>[i], for every i (equal lengths).</summary>
    public static void MultiplyAdd(Span<byte> accumulator, ReadOnlySpan<byte> source, byte constant) =>
        MultiplyAdd(accumulator, source, constant, IsHardwareAccelerated);

    /// <summary>As <see cref="MultiplyAdd(Span{byte}, ReadOnlySpan{byte}, byte)"/>; <paramref name="vector"/> false forces the portable path (tests).</summary>
    internal static void MultiplyAdd(Span<byte> accumulator, ReadOnlySpan<byte> source, byte constant, bool vector)
    {
        if (source.Length != accumulator.Length)
        {
            throw new ArgumentException("The spans differ in length.", nameof(source));
        }

        int i = 0;
        if (vector && Gfni.V512.IsSupported)
        {
            Vector512<byte> c = Vector512.Create(constant);
            for (; i <= source.Length - 64; i += 64)
            {
                Vector512<byte> acc = Vector512.Create<byte>(accumulator[i..]);
                (acc ^ Gfni.V512.GaloisFieldMultiply(Vector512.Create<byte>(source[i..]), c)).CopyTo(accumulator[i..]);
            }
        }
        else if (vector && Gfni.V256.IsSupported)
        {
            Vector256<byte> c = Vector256.Create(constant);
            for (; i <= source.Length - 32; i += 32)
            {
                Vector256<byte> acc = Vector256.Create<byte>(accumulator[i..]);
                (acc ^ Gfni.V256.GaloisFieldMultiply(Vector256.Create<byte>(source[i..]), c)).CopyTo(accumulator[i..]);
            }
        }

        for (; i < source.Length; i++)
        {
            accumulator[i] ^= Multiply(constant, source[i]);
        }
    }
}
