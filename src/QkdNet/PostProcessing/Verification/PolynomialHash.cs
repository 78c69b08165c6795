using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using QkdNet.Primitives;

namespace QkdNet.PostProcessing.Verification;

/// <summary>
/// The polynomial evaluation hash over GF(2^64): words w_0..w_{L-1} hash under key k to
/// h = w_0·k^L + w_1·k^(L-1) + ... + w_{L-1}·k (Horner: h = (h + w)·k per word). Shared by key
/// verification and message authentication.
/// </summary>
/// <remarks>
/// Polynomial evaluation hashing in the universal-hashing framework of Carter and Wegman
/// ("Universal classes of hash functions", JCSS 18, 1979) and Wegman and Carter ("New hash
/// functions and their use in authentication and set equality", JCSS 22, 1981); the polynomial
/// family and its bound are from den Boer ("A simple and key-economical unconditional
/// authentication scheme", J. Computer Security 2, 1993) and Bierbrauer, Johansson, Kabatianskii
/// and Smeets (CRYPTO 1993), analysed with a one-time pad by Shoup (CRYPTO 1996). For two different
/// word sequences the difference h(m) - h(m') is a nonzero polynomial in k of degree at most L
/// without constant term, so it has at most L roots and the two hashes collide for at most L of
/// the 2^64 keys: collision probability &lt;= L / 2^64. Adding a constant c &lt;&gt; 0 keeps at most L
/// roots, so the family is also L/2^64-almost-XOR-universal, which is what the one-time-padded
/// authentication tag needs. The callers append a length word so that sequences of different
/// lengths cannot be made equal by leading zero words.
/// </remarks>
internal static class PolynomialHash
{
    /// <summary>Words per reduction in the wide loop: eight independent products hide the multiply latency.</summary>
    private const int Lanes = 8;

    /// <summary>Continues a hash: returns the state after absorbing <paramref name="words"/>.</summary>
    internal static ulong Absorb(ulong state, ulong key, ReadOnlySpan<ulong> words)
    {
        int i = 0;
        if (Pclmulqdq.IsSupported && words.Length >= 2 * Lanes)
        {
            i = AbsorbWide(ref state, key, words);
        }

        for (; i < words.Length; i++)
        {
            state = Gf64.Multiply(state ^ words[i], key);
        }

        return state;
    }

    /// <summary>Absorbs one word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Absorb(ulong state, ulong key, ulong word) => Gf64.Multiply(state ^ word, key);

    /// <summary>
    /// Absorbs <paramref name="bytes"/> as little-endian 64-bit words, the last one zero-padded.
    /// Callers must bind the byte length in separately (the padding is otherwise ambiguous).
    /// </summary>
    internal static ulong AbsorbBytes(ulong state, ulong key, ReadOnlySpan<byte> bytes)
    {
        int whole = bytes.Length >> 3;
        if (BitConverter.IsLittleEndian)
        {
            state = Absorb(state, key, MemoryMarshal.Cast<byte, ulong>(bytes[..(whole << 3)]));
        }
        else
        {
            for (int i = 0; i < whole; i++)
            {
                state = Absorb(state, key, BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i << 3)..]));
            }
        }

        int rest = bytes.Length & 7;
        if (rest != 0)
        {
            Span<byte> last = stackalloc byte[8];
            last.Clear();
            bytes[(whole << 3)..].CopyTo(last);
            state = Absorb(state, key, BinaryPrimitives.ReadUInt64LittleEndian(last));
        }

        return state;
    }

    /// <summary>
    /// Eight words per reduction: h' = (h + w_0)k^8 + w_1 k^7 + ... + w_7 k, the eight carry-less
    /// products summed unreduced (XOR of 128-bit values) and reduced once. Returns words consumed.
    /// </summary>
    private static int AbsorbWide(ref ulong state, ulong key, ReadOnlySpan<ulong> words)
    {
        Span<ulong> powers = stackalloc ulong[Lanes];
        ulong p = key;
        for (int j = Lanes - 1; j >= 0; j--)
        {
            powers[j] = p; // powers[j] = k^(Lanes - j)
            p = Gf64.Multiply(p, key);
        }

        Vector128<ulong> k0 = Vector128.Create(powers[0], powers[1]);
        Vector128<ulong> k2 = Vector128.Create(powers[2], powers[3]);
        Vector128<ulong> k4 = Vector128.Create(powers[4], powers[5]);
        Vector128<ulong> k6 = Vector128.Create(powers[6], powers[7]);
        ref ulong w = ref MemoryMarshal.GetReference(words);
        int blocks = words.Length / Lanes;
        for (int b = 0; b < blocks; b++)
        {
            ref ulong blk = ref Unsafe.Add(ref w, b * Lanes);
            Vector128<ulong> v0 = Vector128.LoadUnsafe(ref blk) ^ Vector128.CreateScalar(state);
            Vector128<ulong> v2 = Vector128.LoadUnsafe(ref blk, 2);
            Vector128<ulong> v4 = Vector128.LoadUnsafe(ref blk, 4);
            Vector128<ulong> v6 = Vector128.LoadUnsafe(ref blk, 6);
            Vector128<ulong> acc =
                Pclmulqdq.CarrylessMultiply(v0, k0, 0x00) ^ Pclmulqdq.CarrylessMultiply(v0, k0, 0x11) ^
                Pclmulqdq.CarrylessMultiply(v2, k2, 0x00) ^ Pclmulqdq.CarrylessMultiply(v2, k2, 0x11) ^
                Pclmulqdq.CarrylessMultiply(v4, k4, 0x00) ^ Pclmulqdq.CarrylessMultiply(v4, k4, 0x11) ^
                Pclmulqdq.CarrylessMultiply(v6, k6, 0x00) ^ Pclmulqdq.CarrylessMultiply(v6, k6, 0x11);
            state = Gf64.Reduce(acc.GetElement(0), acc.GetElement(1));
        }

        return blocks * Lanes;
    }
}
