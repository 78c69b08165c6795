using QkdNet.PostProcessing.Pipeline;
using QkdNet.PostProcessing.Reconciliation;
using QkdNet.Primitives;

namespace QkdNet.Tests.PostProcessing.Pipeline;

public sealed class PipelineCodecTests
{
    [Fact]
    public void Detections_RoundTripSlotsAndBases()
    {
        var rng = new Random(31);
        long slot = 0;
        long[] slots = [.. Enumerable.Range(0, 5000).Select(_ => slot += 1 + rng.Next(100_000))];
        slots[^1] = (long)1e13;
        var bases = new BitString(slots.Length);
        for (int i = 0; i < slots.Length; i++)
        {
            bases[i] = rng.Next(2) == 1;
        }

        var (decoded, decodedBases) = PipelineCodec.ReadDetections(PipelineCodec.Detections(slots, bases));
        Assert.Equal(slots, decoded);
        Assert.Equal(bases, decodedBases);
    }

    [Fact]
    public void Detections_GapsOfEveryVarintLength_RoundTrip()
    {
        // Gaps of 1 to 9 varint bytes (up to the largest slot accepted), so both the 8-byte word path
        // and the byte loop are exercised, at the start, middle and end of the message.
        var slots = new List<long>();
        long slot = -1;
        for (int bits = 0; bits <= 60; bits++)
        {
            slot += (1L << bits) + 1;
            slots.Add(slot);
            slots.Add(++slot);
        }

        long[] all = [.. slots];
        var bases = BitString.Random(all.Length);
        var (decoded, decodedBases) = PipelineCodec.ReadDetections(PipelineCodec.Detections(all, bases));
        Assert.Equal(all, decoded);
        Assert.Equal(bases, decodedBases);
        Assert.True(PipelineCodec.TryReadDetectionsMatching(PipelineCodec.Detections(all, bases), all, out _));
    }

    [Theory]
    [InlineData(100, 1)]
    [InlineData(30_000, 2)]
    [InlineData(3_000_000_000, 4)]
    public void Detections_PickTheLaneWidthThatMakesTheMessageSmallest(long meanGap, int expectedWidth)
    {
        var rng = new Random(7);
        long slot = -1;
        long[] slots = [.. Enumerable.Range(0, 4000).Select(_ => slot += 1 + (long)(meanGap * (0.5 + rng.NextDouble())))];
        var bases = BitString.Random(slots.Length);

        byte[] message = PipelineCodec.Detections(slots, bases);

        int countBytes = 2; // 4000 as a varint
        Assert.Equal(expectedWidth, message[1 + countBytes]);
        var (decoded, decodedBases) = PipelineCodec.ReadDetections(message);
        Assert.Equal(slots, decoded);
        Assert.Equal(bases, decodedBases);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(30_000)]
    [InlineData(3_000_000_000)]
    public void Detections_EveryLengthUpTo40_AreTheBytesOfTheFormatsReferenceEncoding(long meanGap)
    {
        // Lengths around the 8-slot vector steps, gaps on both sides of each lane's escape.
        var rng = new Random(11);
        for (int length = 0; length <= 40; length++)
        {
            long slot = -1;
            long[] slots = [.. Enumerable.Range(0, length).Select(_ => slot += 1 + (long)(meanGap * 2 * rng.NextDouble()))];
            var bases = BitString.Random(length);

            byte[] message = PipelineCodec.Detections(slots, bases);

            Assert.Equal(ReferenceDetections(slots, bases, width: null), message);
            Assert.True(PipelineCodec.TryReadDetectionsMatching(message, slots, out BitString decoded));
            Assert.Equal(bases, decoded);
        }
    }

    [Fact]
    public void DetectionsMatching_ALargerLaneWidthThanNeeded_StillMatchesTheSameSlots()
    {
        var rng = new Random(13);
        long slot = -1;
        long[] slots = [.. Enumerable.Range(0, 300).Select(_ => slot += 1 + rng.Next(200))];
        var bases = BitString.Random(slots.Length);
        byte[] wide = ReferenceDetections(slots, bases, width: 4);
        Assert.NotEqual(PipelineCodec.Detections(slots, bases), wide);

        Assert.True(PipelineCodec.TryReadDetectionsMatching(wide, slots, out BitString decoded));
        Assert.Equal(bases, decoded);
        long[] other = [.. slots];
        other[150]++;
        Assert.False(PipelineCodec.TryReadDetectionsMatching(wide, other, out _));
    }

    /// <summary>The detections format written the plain way, one byte at a time: the smallest lane width unless one is forced.</summary>
    private static byte[] ReferenceDetections(long[] slots, BitString bases, int? width)
    {
        ulong[] gaps = new ulong[slots.Length];
        for (int i = 0; i < slots.Length; i++)
        {
            gaps[i] = (ulong)(slots[i] - (i == 0 ? -1 : slots[i - 1]) - 1);
        }

        byte[] Slots(int w)
        {
            ulong escape = w == 1 ? byte.MaxValue : w == 2 ? ushort.MaxValue : uint.MaxValue;
            var lanes = new List<byte>();
            var exceptions = new List<byte>();
            foreach (ulong gap in gaps)
            {
                ulong lane = Math.Min(gap, escape);
                for (int b = 0; b < w; b++)
                {
                    lanes.Add((byte)(lane >> (8 * b)));
                }

                if (gap >= escape)
                {
                    exceptions.AddRange(Varint(gap));
                }
            }

            return [.. Varint((ulong)slots.Length), (byte)w, .. lanes, .. Varint((ulong)gaps.Count(g => g >= escape)), .. exceptions];
        }

        byte[] slotPart = width is int forced ? Slots(forced) : new[] { 1, 2, 4 }.Select(Slots).MinBy(p => p.Length)!;
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

    [Fact]
    public void Detections_WithALaneWidthOtherThan124_IsAProtocolError()
    {
        byte[] message = PipelineCodec.Detections([5, 700, 90_000], BitString.Random(3));
        message[2] = 3;

        Assert.Throws<ReconciliationProtocolException>(() => PipelineCodec.ReadDetections(message));
    }

    [Fact]
    public void Detections_WithEscapesAndExceptionsThatDisagree_IsAProtocolError()
    {
        // one-byte lanes: 5 fits, 700 - 6 does not (escape + one exception)
        byte[] message = PipelineCodec.Detections([5, 700], BitString.Random(2));
        Assert.Equal(255, message[4]); // type, count, width, lane 5, lane escape
        byte[] noEscape = (byte[])message.Clone();
        noEscape[4] = 7; // an exception no lane refers to
        byte[] fitting = (byte[])message.Clone();
        fitting[6] = 9; // the exception (after its count at 5) now fits its lane
        fitting[7] = 0;

        Assert.Throws<ReconciliationProtocolException>(() => PipelineCodec.ReadDetections(noEscape));
        Assert.Throws<ReconciliationProtocolException>(() => PipelineCodec.ReadDetections(fitting));
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

    [Fact]
    public void AnyMessage_OfTheWrongType_IsAProtocolError()
    {
        byte[] verify = PipelineCodec.Verify(new byte[16]);
        Assert.Throws<ReconciliationProtocolException>(() => PipelineCodec.ReadDetections(verify));
        Assert.Throws<ReconciliationProtocolException>(() => PipelineCodec.ReadAmplify(verify, 100));
        Assert.Throws<ReconciliationProtocolException>(() => PipelineCodec.ReadDetections([]));
    }

    [Fact]
    public void Amplify_OutputLongerThanInput_IsAProtocolError()
    {
        byte[] message = PipelineCodec.Amplify(Guid.NewGuid(), 500, BitString.Random(10));
        Assert.Throws<ReconciliationProtocolException>(() => PipelineCodec.ReadAmplify(message, inputBits: 100));
    }

    [Fact]
    public void Estimation_CarriesItsOwnCounts_AndMismatchedCountsAreRejected()
    {
        byte[] seed = new byte[32];
        byte[] message = PipelineCodec.Estimation(PipelineMessage.Estimation, seed, BitString.Random(70), BitString.Random(9));
        var (_, sample, decoy) = PipelineCodec.ReadEstimation(message, PipelineMessage.Estimation, 32);
        Assert.Equal(70, sample.Length);
        Assert.Equal(9, decoy.Length);
        Assert.Throws<ReconciliationProtocolException>(() => PipelineCodec.ExpectCounts(sample, decoy, 71, 9));
    }
}
