using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using QkdNet.PostProcessing.Reconciliation;
using QkdNet.Primitives;

namespace QkdNet.PostProcessing.Pipeline;

/// <summary>
/// The slot part of Bob's detections message, in the Elias-Fano layout (Elias 1974, Fano 1971;
/// as in Vigna 2013, "Quasi-succinct indices", Section 3) over the slots' offsets from the first
/// slot (the base, sent as a varint): each offset splits into its low <c>8 w</c> bits, written in a
/// fixed lane of <c>w</c> bytes, and its high part <c>h</c>, written as bit <c>h + i</c> of a bitmap
/// (i the slot's index). Offsets, not slot numbers: a link's slot numbers grow with every block, and
/// Elias-Fano's size grows with the largest value it holds (the bitmap by one bit per 2^(8w) of it),
/// so absolute slots made the message, and Alice's buffer for her check, grow with the link's age. Every slot costs the same work, with no
/// escape and no per-slot length decision: the lanes are a vector narrow and the bitmap one bit
/// set per slot, so encode and compare stay regular where the older gap lanes paid a scalar varint
/// for a quarter of the gaps. The encoding is canonical (one per slot list and lane width), which is
/// what lets Alice check Bob's slots by encoding her own and comparing bytes.
/// </summary>
internal static partial class PipelineCodec
{
    /// <summary>Lane widths in bytes the format allows; 8 leaves the bitmap with one bit per slot.</summary>
    private static ReadOnlySpan<byte> LaneWidths => [0, 1, 2, 4, 8];

    /// <summary>How the slot part is laid out: the base (first slot, 0 without slots), lane width in bytes, bitmap bytes, and its length in bytes.</summary>
    private readonly record struct SlotsLayout(long Base, int Width, int BitmapBytes, int Length);

    /// <summary>The lane width that makes the message smallest (the narrower on a tie), and the size that gives.</summary>
    private static SlotsLayout LayOutSlots(ReadOnlySpan<long> slots)
    {
        int count = slots.Length;
        long first = slots.IsEmpty ? 0 : slots[0];
        // the offsets rise from 0, so the last one is the largest (a caller's slots rise; if they did not, the
        // encoder would still write what the layout sized, and Alice's check fails on it)
        ulong span = slots.IsEmpty ? 0 : (ulong)(slots[^1] - first);
        int choice = 0;
        long best = long.MaxValue, bestBitmap = 0;
        foreach (byte width in LaneWidths)
        {
            long bitmap = BitmapBytes(span, count, width);
            // the bitmap's byte count is part of the size: without it a tie within a byte or two went to the wrong width
            long size = ((long)count * width) + VarintLength((ulong)bitmap) + bitmap;
            if (size < best)
            {
                (best, bestBitmap, choice) = (size, bitmap, width);
            }
        }

        long length = VarintLength((ulong)count) + VarintLength((ulong)first) + 1 + best;
        return new SlotsLayout(first, choice, checked((int)bestBitmap), checked((int)length));
    }

    /// <summary>Bytes of the bitmap: up to and including the byte of the last offset's bit, none without slots.</summary>
    private static long BitmapBytes(ulong lastOffset, int count, int width) =>
        count == 0 ? 0 : (long)((High(lastOffset, width) + (ulong)count + 7) / 8);

    /// <summary>The part of a slot above its lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong High(ulong slot, int width) => width == 8 ? 0 : slot >> (8 * width);

    /// <summary>Writes the slot part at <paramref name="position"/>; returns its end. Needs <see cref="SlotsLayout.Length"/> bytes.</summary>
    private static int WriteSlots(ReadOnlySpan<long> slots, SlotsLayout layout, byte[] buffer, int position)
    {
        int p = WriteVarint(buffer, position, (ulong)slots.Length);
        p = WriteVarint(buffer, p, (ulong)layout.Base);
        buffer[p++] = (byte)layout.Width;
        Span<byte> lanes = buffer.AsSpan(p, slots.Length * layout.Width);
        p += lanes.Length;
        p = WriteVarint(buffer, p, (ulong)layout.BitmapBytes);
        Span<byte> bitmap = buffer.AsSpan(p, layout.BitmapBytes);
        WriteLanes(slots, layout.Base, lanes, layout.Width);
        WriteBitmap(slots, layout.Base, bitmap, layout.Width);
        return p + bitmap.Length;
    }

    /// <summary>The low <c>8 width</c> bits of every slot's offset from <paramref name="first"/>, little-endian: eight slots per step with AVX-512's truncating narrow.</summary>
    private static void WriteLanes(ReadOnlySpan<long> slots, long first, Span<byte> lanes, int width)
    {
        ulong baseSlot = (ulong)first;
        int i = 0;
        ref long start = ref MemoryMarshal.GetReference(slots);
        ref byte lane = ref MemoryMarshal.GetReference(lanes);
        if (Avx512F.IsSupported && width is 1 or 2 or 4)
        {
            Vector512<ulong> subtrahend = Vector512.Create(baseSlot);
            for (; i + 8 <= slots.Length; i += 8)
            {
                Vector512<ulong> v = Vector512.LoadUnsafe(ref start, (nuint)i).AsUInt64() - subtrahend;
                switch (width)
                {
                    case 1:
                        Unsafe.WriteUnaligned(ref Unsafe.Add(ref lane, i), Avx512F.ConvertToVector128Byte(v).AsUInt64().ToScalar());
                        break;
                    case 2:
                        Unsafe.WriteUnaligned(ref Unsafe.Add(ref lane, i * 2), Avx512F.ConvertToVector128UInt16(v));
                        break;
                    default:
                        Unsafe.WriteUnaligned(ref Unsafe.Add(ref lane, i * 4), Avx512F.ConvertToVector256UInt32(v));
                        break;
                }
            }
        }

        for (; i < slots.Length; i++)
        {
            ulong slot = (ulong)slots[i] - baseSlot;
            switch (width)
            {
                case 0:
                    break;
                case 1:
                    Unsafe.Add(ref lane, i) = (byte)slot;
                    break;
                case 2:
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref lane, i * 2), (ushort)slot);
                    break;
                case 4:
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref lane, i * 4), (uint)slot);
                    break;
                default:
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref lane, i * 8), slot);
                    break;
            }
        }
    }

    /// <summary>
    /// Bit <c>High(slot i - first) + i</c> for every slot, LSB first. The bits rise with i, so the word being
    /// filled stays in a register and is stored whenever the next bit lands in a later word (a
    /// read-modify-write per slot would chain on store forwarding). Clears the span first.
    /// </summary>
    private static void WriteBitmap(ReadOnlySpan<long> slots, long first, Span<byte> bitmap, int width)
    {
        bitmap.Clear();
        var store = new StoreWords(bitmap);
        VisitBitmapWords(slots, first, width, ref store);
    }

    /// <summary>
    /// True when <paramref name="bitmap"/> holds exactly the bitmap <see cref="WriteBitmap"/> writes for these slots
    /// (its length already checked by the caller): every word with a slot's bit equal to the word the encoder
    /// writes, and no bit anywhere else (the set bits number the slots, which the words with bits already hold).
    /// </summary>
    private static bool BitmapMatches(ReadOnlySpan<long> slots, long first, ReadOnlySpan<byte> bitmap, int width)
    {
        var compare = new CompareWords(bitmap);
        VisitBitmapWords(slots, first, width, ref compare);
        return compare.Equal && PopCount(bitmap) == slots.Length;
    }

    /// <summary>The bitmap's words that hold a slot's bit, in rising order, each whole, to <paramref name="sink"/>.</summary>
    private static void VisitBitmapWords<TSink>(ReadOnlySpan<long> slots, long first, int width, ref TSink sink)
        where TSink : IBitmapWordSink, allows ref struct
    {
        if (slots.IsEmpty)
        {
            return;
        }

        ulong word = 0;
        long current = 0;
        int shift = width == 8 ? 0 : 8 * width;
        ulong keep = width == 8 ? 0 : ~0UL;
        for (int i = 0; i < slots.Length; i++)
        {
            ulong bit = ((((ulong)slots[i] - (ulong)first) >> shift) & keep) + (ulong)i;
            long index = (long)(bit >> 6);
            if (index != current)
            {
                sink.Word(current, word);
                word = 0;
                current = index;
            }

            word |= 1UL << (int)(bit & 63);
        }

        sink.Word(current, word);
    }

    private static long PopCount(ReadOnlySpan<byte> bitmap)
    {
        long bits = 0;
        foreach (ulong w in MemoryMarshal.Cast<byte, ulong>(bitmap))
        {
            bits += BitOperations.PopCount(w);
        }

        foreach (byte b in bitmap[(bitmap.Length & ~7)..])
        {
            bits += BitOperations.PopCount(b);
        }

        return bits;
    }

    private interface IBitmapWordSink
    {
        void Word(long index, ulong word);
    }

    /// <summary>Stores each word; the last, partial word of the bitmap byte by byte.</summary>
    private readonly ref struct StoreWords(Span<byte> bitmap) : IBitmapWordSink
    {
        private readonly Span<byte> _bitmap = bitmap;
        private readonly Span<ulong> _words = MemoryMarshal.Cast<byte, ulong>(bitmap);

        public void Word(long index, ulong word)
        {
            if (index < _words.Length)
            {
                _words[(int)index] = word;
                return;
            }

            for (int b = (int)(index * 8); b < _bitmap.Length; b++, word >>= 8)
            {
                _bitmap[b] = (byte)word;
            }
        }
    }

    /// <summary>Compares each word with the one at its place in a bitmap; the last, partial word byte by byte.</summary>
    private ref struct CompareWords(ReadOnlySpan<byte> bitmap) : IBitmapWordSink
    {
        private readonly ReadOnlySpan<byte> _bitmap = bitmap;
        private readonly ReadOnlySpan<ulong> _words = MemoryMarshal.Cast<byte, ulong>(bitmap);

        public bool Equal { get; private set; } = true;

        public void Word(long index, ulong word)
        {
            if (index < _words.Length)
            {
                Equal &= _words[(int)index] == word;
                return;
            }

            int b = (int)(index * 8);
            for (; b < _bitmap.Length; b++, word >>= 8)
            {
                Equal &= _bitmap[b] == (byte)word;
            }

            // bits past the bitmap's end: a slot the bitmap cannot hold
            Equal &= word == 0;
        }
    }

    /// <summary>
    /// Alice's quick check: her own encoding of <paramref name="expectedSlots"/> (the encoding is
    /// canonical) compared byte for byte with the slot part Bob sent, a piece at a time (the header and
    /// lanes through a small stack buffer, the bitmap word by word as the encoder makes it), so the check
    /// holds no copy of the message: a whole one, rented from the shared pool, stayed with the pool's
    /// per-thread caches after the block (4-8 MB a thread for a 1e6-bit block). True, with Bob's bases
    /// read, only when they agree; false sends the caller to the decoder, which tells a malformed message
    /// (it throws) from different slots or the same ones at another lane width.
    /// </summary>
    private static bool TryMatchOwnEncoding(byte[] message, ReadOnlySpan<long> expectedSlots, out BitString bobBases)
    {
        bobBases = null!;
        SlotsLayout layout = LayOutSlots(expectedSlots);
        if (message.Length != 1 + layout.Length + ((expectedSlots.Length + 7) / 8) || message[0] != (byte)PipelineMessage.Detections)
        {
            return false;
        }

        if (!SlotPartMatches(expectedSlots, layout, message.AsSpan(1, layout.Length)))
        {
            return false;
        }

        var rest = new WireReader(message.AsSpan(1 + layout.Length));
        bobBases = ReadBits(ref rest, expectedSlots.Length, "Bob's bases");
        rest.EnsureEnd("detections");
        return true;
    }

    /// <summary>Whether <paramref name="slotPart"/> (of the layout's length) is the slot part <see cref="WriteSlots"/> writes.</summary>
    private static bool SlotPartMatches(ReadOnlySpan<long> slots, SlotsLayout layout, ReadOnlySpan<byte> slotPart)
    {
        // three varints of at most 10 bytes, the width, and 8 bytes of room for the word-wide varint store
        Span<byte> piece = stackalloc byte[LaneChunkBytes];
        int p = WriteVarint(piece, 0, (ulong)slots.Length);
        p = WriteVarint(piece, p, (ulong)layout.Base);
        piece[p++] = (byte)layout.Width;
        if (!slotPart[..p].SequenceEqual(piece[..p]))
        {
            return false;
        }

        if (layout.Width > 0)
        {
            // a whole number of 8-slot vector steps per piece
            int perPiece = LaneChunkBytes / layout.Width;
            for (int i = 0; i < slots.Length; i += perPiece)
            {
                int n = Math.Min(perPiece, slots.Length - i);
                Span<byte> own = piece[..(n * layout.Width)];
                WriteLanes(slots.Slice(i, n), layout.Base, own, layout.Width);
                if (!slotPart.Slice(p + (i * layout.Width), own.Length).SequenceEqual(own))
                {
                    return false;
                }
            }

            p += slots.Length * layout.Width;
        }

        int counted = WriteVarint(piece, 0, (ulong)layout.BitmapBytes);
        return slotPart.Slice(p, counted).SequenceEqual(piece[..counted])
            && BitmapMatches(slots, layout.Base, slotPart.Slice(p + counted, layout.BitmapBytes), layout.Width);
    }

    /// <summary>Bytes of lanes Alice's check encodes at a time (on the stack).</summary>
    private const int LaneChunkBytes = 4096;

    /// <summary>
    /// The slots back from base, lanes and bitmap, in order, into <paramref name="sink"/>: the i-th set bit at
    /// position b gives the high part b - i of the i-th offset from <paramref name="first"/>. Throws on a bitmap whose set bits are not one per slot, on
    /// trailing bitmap bytes, and on slots that do not rise or leave the range of a long.
    /// </summary>
    private static void ReadSlots<TSink>(long first, ReadOnlySpan<byte> lanes, int width, ReadOnlySpan<byte> bitmap, int count, ref TSink sink)
        where TSink : ISlotSink, allows ref struct
    {
        if (count == 0 ? !bitmap.IsEmpty : bitmap.IsEmpty || bitmap[^1] == 0)
        {
            throw new ReconciliationProtocolException("detections message has a bitmap longer or shorter than its last slot needs.");
        }

        int shift = 8 * width;
        // the largest offset that keeps first + offset a long
        ulong maxOffset = (ulong)(long.MaxValue - first);
        ulong maxHigh = width == 8 ? 0 : maxOffset >> shift;
        long previous = -1;
        int i = 0;
        for (int b = 0; b < bitmap.Length; b += 8)
        {
            int take = Math.Min(8, bitmap.Length - b);
            ulong word = 0;
            for (int k = 0; k < take; k++)
            {
                word |= (ulong)bitmap[b + k] << (8 * k);
            }

            for (; word != 0; word &= word - 1, i++)
            {
                ulong bit = ((ulong)b * 8) + (ulong)BitOperations.TrailingZeroCount(word);
                if (i >= count)
                {
                    throw new ReconciliationProtocolException("detections message has more bitmap bits than detections.");
                }

                ulong high = bit - (ulong)i;
                ulong low = Low(lanes, i, width);
                ulong offset = (width == 8 ? 0 : high << shift) | low;
                if (high > maxHigh || offset > maxOffset)
                {
                    throw new ReconciliationProtocolException("detections message has a slot index out of range.");
                }

                long slot = first + (long)offset;
                if (slot <= previous)
                {
                    throw new ReconciliationProtocolException("detections message has slots that do not rise.");
                }

                sink.Add(i, slot);
                previous = slot;
            }
        }

        if (i != count)
        {
            throw new ReconciliationProtocolException("detections message has fewer bitmap bits than detections.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Low(ReadOnlySpan<byte> lanes, int i, int width) => width switch
    {
        0 => 0,
        1 => lanes[i],
        2 => BitConverter.ToUInt16(lanes.Slice(i * 2, 2)),
        4 => BitConverter.ToUInt32(lanes.Slice(i * 4, 4)),
        _ => BitConverter.ToUInt64(lanes.Slice(i * 8, 8)),
    };
}
