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
/// The scalar path uses logarithm and exponent tables to the generator 0x03 (x + 1 generates the multiplicative
/// group of this field: FIPS 197, Sec. 4.2 uses it for the same purpose); <see cref="MultiplyReference"/> is the
/// bit-by-bit product the tests check every other path against.
/// </remarks>
public static class Gf256
{
    /// <summary>The field polynomial x^8 + x^4 + x^3 + x + 1.</summary>
    public const int Polynomial = 0x11B;

    private static readonly byte[] Exp = BuildExp();
    private static readonly byte[] Log = BuildLog(Exp);

    /// <summary>True when <see cref="MultiplyAdd(Span{byte}, ReadOnlySpan{byte}, byte)"/> and the Shamir kernels run on GF2P8MULB (GFNI).</summary>
    public static bool IsHardwareAccelerated => Gfni.IsSupported;

    /// <summary>a * b, by tables.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte Multiply(byte a, byte b) => a == 0 || b == 0 ? (byte)0 : Exp[Log[a] + Log[b]];

    /// <summary>a * b, shifting and reducing bit by bit (the definition; slow, for tests).</summary>
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

    /// <summary>The inverse of a non-zero <paramref name="a"/> (a^254).</summary>
    public static byte Inverse(byte a)
    {
        ArgumentOutOfRangeException.ThrowIfZero(a);
        return Exp[255 - Log[a]];
    }

    /// <summary>a / b for non-zero <paramref name="b"/>.</summary>
    public static byte Divide(byte a, byte b) => Multiply(a, Inverse(b));

    /// <summary>
    /// The 256 products <paramref name="constant"/> * x, x = 0..255: a row of the multiplication table, for the portable
    /// path (one lookup per byte).
    /// </summary>
    public static byte[] RowOf(byte constant)
    {
        byte[] row = new byte[256];
        for (int x = 1; x < 256; x++)
        {
            row[x] = Multiply(constant, (byte)x);
        }

        return row;
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

        if (i < source.Length)
        {
            byte[] row = RowOf(constant);
            for (; i < source.Length; i++)
            {
                accumulator[i] ^= row[source[i]];
            }
        }
    }

    private static byte[] BuildExp()
    {
        // twice the period, so Exp[Log[a] + Log[b]] needs no reduction modulo 255
        byte[] exp = new byte[512];
        byte x = 1;
        for (int i = 0; i < 512; i++)
        {
            exp[i] = x;
            x = MultiplyReference(x, 0x03);
        }

        return exp;
    }

    private static byte[] BuildLog(byte[] exp)
    {
        byte[] log = new byte[256];
        for (int i = 0; i < 255; i++)
        {
            log[exp[i]] = (byte)i;
        }

        return log;
    }
}
