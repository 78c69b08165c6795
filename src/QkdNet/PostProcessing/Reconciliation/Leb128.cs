using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>
/// Word-wide LEB128 (unsigned) varint steps shared by the Cascade and pipeline codecs: one 8-byte
/// load or store and BMI2 PEXT / PDEP instead of a loop per byte. Each returns false, touching
/// nothing, where it does not apply (no BMI2, fewer than 8 bytes at hand, a varint longer than
/// 8 bytes), and the caller's byte loop, which accepts and writes the same encodings, takes over.
/// </summary>
internal static class Leb128
{
    private const ulong Payload = 0x7F7F_7F7F_7F7F_7F7FUL;
    private const ulong Continuation = 0x8080_8080_8080_8080UL;

    /// <summary>Bytes of the LEB128 form of <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Length(ulong value) => (70 - BitOperations.LeadingZeroCount(value | 1)) / 7;

    /// <summary>
    /// Writes <paramref name="value"/> (below 2^56) with one 8-byte store into
    /// <paramref name="destination"/>, which needs 8 bytes of room; the bytes past the varint are
    /// scratch that the caller overwrites or never sends.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryWriteWide(Span<byte> destination, ulong value, out int length)
    {
        if (!Bmi2.X64.IsSupported || value >= (1UL << 56) || destination.Length < 8)
        {
            length = 0;
            return false;
        }

        length = Length(value);
        ulong spread = Bmi2.X64.ParallelBitDeposit(value, Payload);
        ulong continuation = Continuation & ((1UL << (8 * (length - 1))) - 1);
        BinaryPrimitives.WriteUInt64LittleEndian(destination, spread | continuation);
        return true;
    }

    /// <summary>Reads a varint of at most 8 bytes from the start of <paramref name="source"/> (8 bytes or more).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadWide(ReadOnlySpan<byte> source, out ulong value, out int length)
    {
        if (!Bmi2.X64.IsSupported || source.Length < 8)
        {
            value = 0;
            length = 0;
            return false;
        }

        ulong word = BinaryPrimitives.ReadUInt64LittleEndian(source);
        ulong stops = ~word & Continuation;
        if (stops == 0)
        {
            value = 0;
            length = 0;
            return false;
        }

        length = (BitOperations.TrailingZeroCount(stops) >> 3) + 1;
        ulong bytes = length == 8 ? word : word & ((1UL << (8 * length)) - 1);
        value = Bmi2.X64.ParallelBitExtract(bytes, Payload);
        return true;
    }
}
