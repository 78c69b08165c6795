using QkdNet.PostProcessing.Pipeline;
using QkdNet.PostProcessing.Reconciliation;
using QkdNet.Primitives;

namespace QkdNet.Tests.PostProcessing.Pipeline;

/// <summary>Bob's detections message: the Elias-Fano slot part (lanes of low bytes, a bitmap of high parts) and the bases.</summary>
public sealed class PipelineCodecDetectionsTests
{
    [Fact]
    public void Detections_RoundTripSlotsAndBases()
    {
        var rng = new Random(31);
        long slot = 0;
        long[] slots = [.. Enumerable.Range(0, 5000).Select(_ => slot += 1 + rng.Next(100_000))];
        slots[^1] = (long)1e13;
        var bases = RandomBases(rng, slots.Length);

        var (decoded, decodedBases) = PipelineCodec.ReadDetections(PipelineCodec.Detections(slots, bases));

        Assert.Equal(slots, decoded);
        Assert.Equal(bases, decodedBases);
    }

    [Fact]
    public void Detections_SlotsUpToTheLargestLong_RoundTrip()
    {
        // Gaps of every bit length up to slots near 2^62 and the largest long, so the 8-byte lane
        // (a bitmap of one bit per slot) is the smallest; pairs of adjacent slots test strict rising.
        var slots = new List<long>();
        long slot = -1;
        for (int bits = 0; bits <= 61; bits++)
        {
            slot += (1L << bits) + 1;
            slots.Add(slot);
            slots.Add(++slot);
        }

        slots.Add(long.MaxValue);
        long[] all = [.. slots];
        var bases = RandomBases(new Random(3), all.Length);

        byte[] message = PipelineCodec.Detections(all, bases);
        var (decoded, decodedBases) = PipelineCodec.ReadDetections(message);

        Assert.Equal(all, decoded);
        Assert.Equal(bases, decodedBases);
        Assert.True(PipelineCodec.TryReadDetectionsMatching(message, all, out _));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(100, 1)]
    [InlineData(30_000, 2)]
    [InlineData(3_000_000_000, 4)]
    public void Detections_PickTheLaneWidthThatMakesTheMessageSmallest(long meanGap, int expectedWidth)
    {
        var rng = new Random(7);
        long slot = -1;
        long[] slots = [.. Enumerable.Range(0, 4000).Select(_ => slot += 1 + (long)(meanGap * (0.5 + rng.NextDouble())))];
        var bases = RandomBases(rng, slots.Length);

        byte[] message = PipelineCodec.Detections(slots, bases);

        int countBytes = 2; // 4000 as a varint
        int baseBytes = Varint((ulong)slots[0]).Length;
        Assert.Equal(expectedWidth, message[1 + countBytes + baseBytes]);
        Assert.Equal(ReferenceDetections(slots, bases, width: null), message);
        var (decoded, decodedBases) = PipelineCodec.ReadDetections(message);
        Assert.Equal(slots, decoded);
        Assert.Equal(bases, decodedBases);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(30_000)]
    [InlineData(3_000_000_000)]
    public void Detections_EveryLengthUpTo70_AreTheBytesOfTheFormatsReferenceEncoding(long meanGap)
    {
        // Lengths around the 8-slot vector steps and the bitmap's word boundaries.
        var rng = new Random(11);
        for (int length = 0; length <= 70; length++)
        {
            long slot = -1;
            long[] slots = [.. Enumerable.Range(0, length).Select(_ => slot += 1 + (long)(meanGap * 2 * rng.NextDouble()))];
            var bases = RandomBases(rng, length);

            byte[] message = PipelineCodec.Detections(slots, bases);

            Assert.Equal(ReferenceDetections(slots, bases, width: null), message);
            Assert.True(PipelineCodec.TryReadDetectionsMatching(message, slots, out BitString decoded));
            Assert.Equal(bases, decoded);
        }
    }

    [Fact]
    public void Detections_SeededRandomSlotLists_RoundTripAndMatchTheReference()
    {
        var rng = new Random(2026);
        for (int run = 0; run < 200; run++)
        {
            int length = rng.Next(0, 600);
            long meanGap = 1L << rng.Next(0, 40);
            long slot = rng.Next(2) == 0 ? -1 : rng.NextInt64(1L << 40);
            long[] slots = [.. Enumerable.Range(0, length).Select(_ => slot += 1 + (long)(meanGap * 2 * rng.NextDouble()))];
            var bases = RandomBases(rng, length);

            byte[] message = PipelineCodec.Detections(slots, bases);

            Assert.Equal(ReferenceDetections(slots, bases, width: null), message);
            var (decoded, decodedBases) = PipelineCodec.ReadDetections(message);
            Assert.Equal(slots, decoded);
            Assert.Equal(bases, decodedBases);
        }
    }

    [Fact]
    public void Detections_SeededRandomCorruptions_AreProtocolErrorsOrOtherSlots()
    {
        // A peer's bytes changed at random: the decoder either throws the protocol error or reads some
        // rising slot list; it never fails any other way, and Alice's check never accepts other slots.
        var rng = new Random(17);
        long slot = -1;
        long[] slots = [.. Enumerable.Range(0, 300).Select(_ => slot += 1 + rng.Next(400))];
        byte[] message = PipelineCodec.Detections(slots, RandomBases(rng, slots.Length));
        for (int run = 0; run < 2000; run++)
        {
            byte[] corrupt = (byte[])message.Clone();
            for (int flips = rng.Next(1, 4); flips > 0; flips--)
            {
                corrupt[rng.Next(1, corrupt.Length)] ^= (byte)(1 << rng.Next(8));
            }

            if (rng.Next(4) == 0)
            {
                corrupt = corrupt[..rng.Next(1, corrupt.Length)];
            }

            long[]? decoded = null;
            try
            {
                decoded = PipelineCodec.ReadDetections(corrupt).Slots;
            }
            catch (ReconciliationProtocolException)
            {
            }

            if (decoded is not null)
            {
                Assert.True(decoded.Zip(decoded.Skip(1)).All(p => p.First < p.Second));
                Assert.Equal(decoded.SequenceEqual(slots), Matches(corrupt, slots));
            }
            else
            {
                Assert.Throws<ReconciliationProtocolException>(() => PipelineCodec.TryReadDetectionsMatching(corrupt, slots, out _));
            }
        }
    }

    [Theory]
    [InlineData(100)] // 1-byte lanes: five 4 KB pieces of Alice's check
    [InlineData(30_000)] // 2-byte lanes
    public void DetectionsMatching_OneByteChangedAnywhereInALongMessage_IsNeverTheSameSlots(long meanGap)
    {
        // Alice checks the lanes a piece at a time and the bitmap a word at a time: a change in any piece or word,
        // first or last, must send her to the decoder, which either reads other slots or throws.
        var rng = new Random(23);
        long slot = 5_000_000_000;
        long[] slots = [.. Enumerable.Range(0, 20_000).Select(_ => slot += 1 + (long)(meanGap * 2 * rng.NextDouble()))];
        var bases = RandomBases(rng, slots.Length);
        byte[] message = PipelineCodec.Detections(slots, bases);
        Assert.True(Matches(message, slots));
        int basesStart = message.Length - ((slots.Length + 7) / 8);
        for (int at = 1; at < basesStart; at += 1 + rng.Next(97))
        {
            byte[] changed = (byte[])message.Clone();
            changed[at] ^= (byte)(1 << rng.Next(8));

            bool matches;
            try
            {
                matches = Matches(changed, slots);
            }
            catch (ReconciliationProtocolException)
            {
                continue;
            }

            Assert.False(matches, $"byte {at} changed");
        }
    }

    [Fact]
    public void DetectionsMatching_ALargerLaneWidthThanNeeded_StillMatchesTheSameSlots()
    {
        var rng = new Random(13);
        long slot = -1;
        long[] slots = [.. Enumerable.Range(0, 300).Select(_ => slot += 1 + rng.Next(200))];
        var bases = RandomBases(rng, slots.Length);
        byte[] wide = ReferenceDetections(slots, bases, width: 4);
        Assert.NotEqual(PipelineCodec.Detections(slots, bases), wide);

        Assert.True(PipelineCodec.TryReadDetectionsMatching(wide, slots, out BitString decoded));
        Assert.Equal(bases, decoded);
        long[] other = [.. slots];
        other[150]++;
        Assert.False(PipelineCodec.TryReadDetectionsMatching(wide, other, out _));
    }

    [Fact]
    public void Detections_WithALaneWidthOtherThan01248_IsAProtocolError()
    {
        byte[] message = PipelineCodec.Detections([5, 700, 90_000], BitString.Random(3));
        message[3] = 3; // type, count, first slot, lane width

        Assert.Throws<ReconciliationProtocolException>(() => PipelineCodec.ReadDetections(message));
    }

    [Fact]
    public void Detections_WithABitmapThatDisagreesWithTheCount_IsAProtocolError()
    {
        // offsets 0, 695, 696 from the first slot in 1-byte lanes; high parts 0, 2, 2 put bits 0, 3, 4 in a
        // one-byte bitmap: 0b0001_1001
        long[] slots = [5, 700, 701];
        byte[] message = PipelineCodec.Detections(slots, BitString.Random(3));
        const int Bitmap = 1 + 1 + 1 + 1 + 3 + 1; // type, count, first slot, width, lanes, bitmap byte count
        Assert.Equal(1, message[3]);
        Assert.Equal(0b0001_1001, message[Bitmap]);

        byte[] extraBit = (byte[])message.Clone();
        extraBit[Bitmap] |= 0b1000_0000;
        byte[] missingBit = (byte[])message.Clone();
        missingBit[Bitmap] &= 0b0000_1111;

        Assert.Contains("more bitmap bits", Assert.Throws<ReconciliationProtocolException>(() => PipelineCodec.ReadDetections(extraBit)).Message);
        Assert.Contains("fewer bitmap bits", Assert.Throws<ReconciliationProtocolException>(() => PipelineCodec.ReadDetections(missingBit)).Message);
    }

    [Fact]
    public void Detections_WithSlotsThatDoNotRise_IsAProtocolError()
    {
        byte[] message = PipelineCodec.Detections([5, 700, 701], BitString.Random(3));
        message[6] = 0xB6; // the third offset's low byte (696 = 0x2B8) now below the second's (695 = 0x2B7)

        Assert.Contains("do not rise", Assert.Throws<ReconciliationProtocolException>(() => PipelineCodec.ReadDetections(message)).Message);
    }

    [Fact]
    public void Detections_WithTrailingBitmapBytes_IsAProtocolError()
    {
        long[] slots = [5, 700, 701];
        var bases = BitString.Random(3);
        byte[] message = PipelineCodec.Detections(slots, bases);
        const int BitmapCount = 1 + 1 + 1 + 1 + 3; // type, count, first slot, width, lanes
        byte[] padded = [.. message[..BitmapCount], 2, message[BitmapCount + 1], 0, .. message[(BitmapCount + 2)..]];

        Assert.Contains("bitmap longer or shorter", Assert.Throws<ReconciliationProtocolException>(() => PipelineCodec.ReadDetections(padded)).Message);
    }

    [Fact]
    public void Detections_ACountLargerThanTheBitmapHolds_IsAProtocolErrorBeforeAnyAllocation()
    {
        // count 2^24, first slot 0, lane width 0: no lanes bound the count, the one-byte bitmap does
        byte[] message = [(byte)PipelineMessage.Detections, 0x80, 0x80, 0x80, 0x08, 0, 0, 1, 1, 0];

        Assert.Contains("fewer bitmap bits", Assert.Throws<ReconciliationProtocolException>(() => PipelineCodec.ReadDetections(message)).Message);
    }

    [Fact]
    public void DetectionsMatching_SameSlots_MatchesAndDecodesTheBases()
    {
        long[] slots = [3, 9, 700, 90_000, (long)1e13];
        var bases = BitString.Random(slots.Length);

        bool matches = PipelineCodec.TryReadDetectionsMatching(PipelineCodec.Detections(slots, bases), slots, out BitString decoded);

        Assert.True(matches);
        Assert.Equal(bases, decoded);
    }

    [Theory]
    [InlineData(new long[] { 3, 9, 701 })]
    [InlineData(new long[] { 3, 9 })]
    [InlineData(new long[] { 3, 9, 700, 800 })]
    public void DetectionsMatching_DifferentSlots_DoesNotMatch(long[] expected)
    {
        byte[] message = PipelineCodec.Detections([3, 9, 700], BitString.Random(3));

        Assert.False(PipelineCodec.TryReadDetectionsMatching(message, expected, out _));
    }

    [Fact]
    public void DetectionsMatching_Truncated_IsAProtocolError()
    {
        long[] slots = [5, 700, 90_000];
        byte[] message = PipelineCodec.Detections(slots, BitString.Random(3));
        for (int cut = 1; cut < message.Length; cut++)
        {
            Assert.Throws<ReconciliationProtocolException>(() => PipelineCodec.TryReadDetectionsMatching(message[..cut], slots, out _));
        }
    }

    [Fact]
    public void Detections_Truncated_IsAProtocolError()
    {
        byte[] message = PipelineCodec.Detections([5, 700, 90_000], BitString.Random(3));
        for (int cut = 1; cut < message.Length; cut++)
        {
            Assert.Throws<ReconciliationProtocolException>(() => PipelineCodec.ReadDetections(message[..cut]));
        }
    }

    [Theory]
    [InlineData(0xA1)] // gap lanes with varint exceptions
    [InlineData(0xA8)] // Elias-Fano over the absolute slots
    public void Detections_OnAnOlderFormatsType_IsAWrongTypeError(int oldType)
    {
        byte[] message = PipelineCodec.Detections([5, 700], BitString.Random(2));
        message[0] = (byte)oldType;

        Assert.Contains("expected a Detections message", Assert.Throws<ReconciliationProtocolException>(() => PipelineCodec.ReadDetections(message)).Message);
        Assert.Contains("expected a Detections message", Assert.Throws<ReconciliationProtocolException>(() => PipelineCodec.TryReadDetectionsMatching(message, [5, 700], out _)).Message);
    }

    [Fact]
    public void Detections_TheSameBlockLaterInTheLinksSlotNumbering_IsTheSameSizeButForTheFirstSlot()
    {
        // A link's slot numbers grow by a block's pulses with every block (4e8 on the Tokyo-2011 45 km link); the
        // message must not grow with them: only the first slot's varint may.
        var rng = new Random(17);
        long slot = -1;
        long[] early = [.. Enumerable.Range(0, 20_000).Select(_ => slot += 1 + rng.Next(400))];
        var bases = RandomBases(rng, early.Length);
        byte[] first = PipelineCodec.Detections(early, bases);

        foreach (long shift in new[] { 4_000_000_000L, 1_000_000_000_000L, 86_400_000_000_000_000L })
        {
            long[] later = [.. early.Select(s => s + shift)];
            byte[] message = PipelineCodec.Detections(later, bases);

            Assert.Equal(first.Length - Varint((ulong)early[0]).Length + Varint((ulong)later[0]).Length, message.Length);
            Assert.Equal(ReferenceDetections(later, bases, width: null), message);
            Assert.Equal(later, PipelineCodec.ReadDetections(message).Slots);
            Assert.True(PipelineCodec.TryReadDetectionsMatching(message, later, out _));
        }
    }

    [Fact]
    public void Detections_WhoseFirstSlotPlusAnOffsetPassesTheLargestLong_IsAProtocolError()
    {
        // first slot long.MaxValue - 10, then an offset of 11 in an 8-byte lane: the slot would wrap
        long[] slots = [long.MaxValue - 10, long.MaxValue];
        byte[] message = PipelineCodec.Detections(slots, BitString.Random(2));
        Assert.Equal(slots, PipelineCodec.ReadDetections(message).Slots);
        var w = new List<byte> { (byte)PipelineMessage.Detections, 2 };
        w.AddRange(Varint(long.MaxValue - 10));
        w.Add(8);
        w.AddRange(BitConverter.GetBytes(0UL));
        w.AddRange(BitConverter.GetBytes(11UL));
        w.AddRange([1, 0b11, 0b01]); // bitmap: one byte, bits 0 and 1; then the two bases

        Assert.Contains("out of range", Assert.Throws<ReconciliationProtocolException>(() => PipelineCodec.ReadDetections([.. w])).Message);
    }

    private static bool Matches(byte[] message, long[] slots) => PipelineCodec.TryReadDetectionsMatching(message, slots, out _);

    private static BitString RandomBases(Random rng, int length)
    {
        var bases = new BitString(length);
        for (int i = 0; i < length; i++)
        {
            bases[i] = rng.Next(2) == 1;
        }

        return bases;
    }

    /// <summary>
    /// The detections format written the plain way, bit by bit, over the offsets from the first slot: the smallest
    /// lane width unless one is forced.
    /// </summary>
    private static byte[] ReferenceDetections(long[] absolute, BitString bases, int? width)
    {
        long first = absolute.Length == 0 ? 0 : absolute[0];
        long[] slots = [.. absolute.Select(s => s - first)];
        long BitmapBytes(int w) => slots.Length == 0 ? 0 : ((w == 8 ? 0 : (long)((ulong)slots[^1] >> (8 * w))) + slots.Length + 7) / 8;
        long Size(int w) => Varint((ulong)slots.Length).Length + 1 + ((long)slots.Length * w) + Varint((ulong)BitmapBytes(w)).Length + BitmapBytes(w);

        byte[] Slots(int w)
        {
            var lanes = new List<byte>();
            var bitmap = new byte[BitmapBytes(w)];
            for (int i = 0; i < slots.Length; i++)
            {
                for (int b = 0; b < w; b++)
                {
                    lanes.Add((byte)((ulong)slots[i] >> (8 * b)));
                }

                long bit = (w == 8 ? 0 : (long)((ulong)slots[i] >> (8 * w))) + i;
                bitmap[bit / 8] |= (byte)(1 << (int)(bit % 8));
            }

            return [.. Varint((ulong)slots.Length), .. Varint((ulong)first), (byte)w, .. lanes, .. Varint((ulong)bitmap.Length), .. bitmap];
        }

        // sizes first: the widest bitmaps of sparse slots would not fit in memory
        byte[] slotPart = Slots(width ?? new[] { 0, 1, 2, 4, 8 }.MinBy(Size));
        byte[] basesBytes = new byte[(bases.Length + 7) / 8];
        for (int i = 0; i < bases.Length; i++)
        {
            basesBytes[i / 8] |= (byte)((bases[i] ? 1 : 0) << (i % 8));
        }

        return [(byte)PipelineMessage.Detections, .. slotPart, .. basesBytes];
    }

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }
}
