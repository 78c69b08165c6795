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
