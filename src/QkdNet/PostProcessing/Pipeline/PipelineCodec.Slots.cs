using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using QkdNet.PostProcessing.Reconciliation;
using QkdNet.Primitives;

namespace QkdNet.PostProcessing.Pipeline;

/// <summary>
/// The slot part of Bob's detections message (count, lane width, gap lanes, exceptions), written
/// eight slots per step with AVX-512 where the machine has it: the gaps come from two overlapping
/// vector loads, a compare finds the ones that need an exception, and the unsigned saturating
/// narrow (VPMOVUSQB/W/D) writes exactly the lane the format wants, the all-ones escape included.
/// Without AVX-512 the same bytes come from the scalar loops.
/// </summary>
internal static partial class PipelineCodec
{
    /// <summary>How the slot part is laid out: lane width in bytes, escaped gaps, and its length in bytes.</summary>
    private readonly record struct SlotsLayout(int Width, int Exceptions, int Length);

    /// <summary>The lane width that makes the message smallest, and the size that gives.</summary>
    private static SlotsLayout LayOutSlots(ReadOnlySpan<long> slots)
    {
        // sizes for each lane width (1, 2, 4 bytes): lanes plus the varints of the gaps that do not fit
        Span<long> exceptionBytes = stackalloc long[3];
        Span<int> exceptions = stackalloc int[3];
        CountExceptions(slots, exceptions, exceptionBytes);
        int choice = 0;
        long best = long.MaxValue;
        for (int c = 0; c < 3; c++)
        {
            long size = ((long)slots.Length << c) + exceptionBytes[c] + VarintLength((ulong)exceptions[c]);
            if (size < best)
            {
                best = size;
                choice = c;
            }
        }

        return new SlotsLayout(1 << choice, exceptions[choice], checked((int)(VarintLength((ulong)slots.Length) + 1 + best)));
    }

    /// <summary>Writes the slot part at <paramref name="position"/>; returns its end. Needs <see cref="SlotsLayout.Length"/> bytes.</summary>
    private static int WriteSlots(ReadOnlySpan<long> slots, SlotsLayout layout, byte[] buffer, int position)
    {
        int p = WriteVarint(buffer, position, (ulong)slots.Length);
        buffer[p++] = (byte)layout.Width;
        Span<byte> lanes = buffer.AsSpan(p, slots.Length * layout.Width);
        p += lanes.Length;
        p = WriteVarint(buffer, p, (ulong)layout.Exceptions);
        int done = Avx512F.IsSupported ? WriteLanesAvx512(slots, lanes, layout.Width, buffer, ref p) : 0;
        long previous = done == 0 ? -1 : slots[done - 1];
        return layout.Width switch
        {
            1 => WriteLanes(slots, done, previous, lanes, buffer, p, byte.MaxValue),
            2 => WriteLanes(slots, done, previous, MemoryMarshal.Cast<byte, ushort>(lanes), buffer, p, ushort.MaxValue),
            _ => WriteLanes(slots, done, previous, MemoryMarshal.Cast<byte, uint>(lanes), buffer, p, uint.MaxValue),
        };
    }

    /// <summary>
    /// Alice's quick check: her own encoding of <paramref name="expectedSlots"/> (the encoder is
    /// deterministic) compared byte for byte with the slot part Bob sent. True, with Bob's bases read,
    /// only when they agree; false sends the caller to the decoder, which tells a malformed message
    /// (it throws) from different slots or another valid encoding of the same ones.
    /// </summary>
    private static bool TryMatchOwnEncoding(byte[] message, ReadOnlySpan<long> expectedSlots, out BitString bobBases)
    {
        bobBases = null!;
        SlotsLayout layout = LayOutSlots(expectedSlots);
        if (message.Length != 1 + layout.Length + ((expectedSlots.Length + 7) / 8) || message[0] != (byte)PipelineMessage.Detections)
        {
            return false;
        }

        // Slot numbers are announced in the clear, so a pooled buffer holds nothing secret; 8 bytes of
        // room past the end for the word-wide varint stores.
        byte[] own = ArrayPool<byte>.Shared.Rent(layout.Length + 8);
        try
        {
            int end = WriteSlots(expectedSlots, layout, own, 0);
            if (end != layout.Length || !own.AsSpan(0, end).SequenceEqual(message.AsSpan(1, end)))
            {
                return false;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(own);
        }

        var rest = new WireReader(message.AsSpan(1 + layout.Length));
        bobBases = ReadBits(ref rest, expectedSlots.Length, "Bob's bases");
        rest.EnsureEnd("detections");
        return true;
    }

    /// <summary>Counts, per lane width, the gaps that need an exception and the bytes of their varints.</summary>
    private static void CountExceptions(ReadOnlySpan<long> slots, Span<int> exceptions, Span<long> exceptionBytes)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated && slots.Length > 8)
        {
            Tally(Gap(slots, 0), exceptions, exceptionBytes);
            ref long first = ref MemoryMarshal.GetReference(slots);
            Vector512<ulong> escape = Vector512.Create((ulong)byte.MaxValue);
            for (i = 1; i + 8 <= slots.Length; i += 8)
            {
                ulong escaped = Vector512.GreaterThanOrEqual(Gaps(ref first, i), escape).ExtractMostSignificantBits();
                for (; escaped != 0; escaped &= escaped - 1)
                {
                    Tally(Gap(slots, i + BitOperations.TrailingZeroCount(escaped)), exceptions, exceptionBytes);
                }
            }
        }

        for (; i < slots.Length; i++)
        {
            Tally(Gap(slots, i), exceptions, exceptionBytes);
        }
    }

    private static void Tally(ulong gap, Span<int> exceptions, Span<long> exceptionBytes)
    {
        if (gap < byte.MaxValue)
        {
            return;
        }

        int length = VarintLength(gap);
        exceptionBytes[0] += length;
        exceptions[0]++;
        if (gap >= ushort.MaxValue)
        {
            exceptionBytes[1] += length;
            exceptions[1]++;
            if (gap >= uint.MaxValue)
            {
                exceptionBytes[2] += length;
                exceptions[2]++;
            }
        }
    }

    /// <summary>Slot <paramref name="i"/> minus the previous slot minus one (the first counts from -1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Gap(ReadOnlySpan<long> slots, int i) => (ulong)(slots[i] - (i == 0 ? -1 : slots[i - 1]) - 1);

    /// <summary>The gaps of slots i to i + 7 (i at least 1) from two overlapping loads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Gaps(ref long first, int i) =>
        (Vector512.LoadUnsafe(ref first, (nuint)i) - Vector512.LoadUnsafe(ref first, (nuint)(i - 1)) - Vector512<long>.One).AsUInt64();

    /// <summary>
    /// Lanes 0 to the last whole group of eight after slot 0, and their exceptions in order; returns
    /// how many slots it wrote (0 when there are too few), the scalar loop does the rest.
    /// </summary>
    private static int WriteLanesAvx512(ReadOnlySpan<long> slots, Span<byte> lanes, int width, byte[] buffer, ref int position)
    {
        if (slots.Length <= 8)
        {
            return 0;
        }

        ref long first = ref MemoryMarshal.GetReference(slots);
        ref byte lane = ref MemoryMarshal.GetReference(lanes);
        ulong max = width switch { 1 => byte.MaxValue, 2 => ushort.MaxValue, _ => uint.MaxValue };
        Vector512<ulong> escape = Vector512.Create(max);
        int p = position;
        p = WriteLane(ref lane, 0, width, Gap(slots, 0), max, buffer, p);
        int i;
        for (i = 1; i + 8 <= slots.Length; i += 8)
        {
            Vector512<ulong> gaps = Gaps(ref first, i);
            switch (width)
            {
                case 1:
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref lane, i), Avx512F.ConvertToVector128ByteWithSaturation(gaps).AsUInt64().ToScalar());
                    break;
                case 2:
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref lane, i * 2), Avx512F.ConvertToVector128UInt16WithSaturation(gaps));
                    break;
                default:
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref lane, i * 4), Avx512F.ConvertToVector256UInt32WithSaturation(gaps));
                    break;
            }

            ulong escaped = Vector512.GreaterThanOrEqual(gaps, escape).ExtractMostSignificantBits();
            for (; escaped != 0; escaped &= escaped - 1)
            {
                p = WriteVarint(buffer, p, Gap(slots, i + BitOperations.TrailingZeroCount(escaped)));
            }
        }

        position = p;
        return i;
    }

    /// <summary>One lane (saturated to the escape) and, when escaped, its exception; returns the new end.</summary>
    private static int WriteLane(ref byte lanes, int i, int width, ulong gap, ulong escape, byte[] buffer, int position)
    {
        ulong value = Math.Min(gap, escape);
        switch (width)
        {
            case 1:
                Unsafe.Add(ref lanes, i) = (byte)value;
                break;
            case 2:
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref lanes, i * 2), (ushort)value);
                break;
            default:
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref lanes, i * 4), (uint)value);
                break;
        }

        return gap >= escape ? WriteVarint(buffer, position, gap) : position;
    }

    /// <summary>Writes the gaps from slot <paramref name="start"/> into <paramref name="lanes"/> and the ones that do not fit as varints from <paramref name="position"/>; returns the end.</summary>
    private static int WriteLanes<TLane>(ReadOnlySpan<long> slots, int start, long previous, Span<TLane> lanes, byte[] buffer, int position, ulong escape)
        where TLane : unmanaged, IBinaryInteger<TLane>
    {
        TLane escapeLane = TLane.CreateTruncating(escape);
        for (int i = start; i < slots.Length; i++)
        {
            ulong gap = (ulong)(slots[i] - previous - 1);
            previous = slots[i];
            if (gap < escape)
            {
                lanes[i] = TLane.CreateTruncating(gap);
            }
            else
            {
                lanes[i] = escapeLane;
                position = WriteVarint(buffer, position, gap);
            }
        }

        return position;
    }
}
