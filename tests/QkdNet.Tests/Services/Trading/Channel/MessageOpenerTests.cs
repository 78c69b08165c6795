using System.Buffers.Binary;
using QkdNet.KeyManagement;
using QkdNet.PostProcessing.Authentication;
using QkdNet.Services.Trading.Channel;

namespace QkdNet.Tests.Services.Trading.Channel;

public sealed class MessageOpenerTests
{
    private const int OrderBytes = 200;

    public static TheoryData<string, int> HeaderFields => new()
    {
        { "version", 0 },
        { "mode", 1 },
        { "sequence", 2 },
        { "sequence high byte", 9 },
        { "key ID", 10 },
        { "key ID last byte", 25 },
        { "offset", 26 },
        { "offset high byte", 33 },
        { "payload length", 34 },
        { "epoch", 38 },
        { "epoch high byte", 45 },
        { "payload first byte", ChannelHeader.Size },
        { "payload last byte", ChannelHeader.Size + OrderBytes - 1 },
        { "tag first byte", ChannelHeader.Size + OrderBytes },
        { "tag last byte", ChannelHeader.Size + OrderBytes + 7 },
    };

    [Fact]
    public void Open_InvestorToBrokerAndBack_RoundTripsUnderOneTimePad()
    {
        using var pair = new ChannelPair();
        for (int i = 0; i < 20; i++)
        {
            byte[] order = ChannelPair.Payload(OrderBytes, i);
            (OpenResult atBroker, byte[] received) = ChannelPair.Open(pair.BrokerOpener, ChannelPair.Seal(pair.InvestorSealer, order));
            Assert.Equal(OpenStatus.Opened, atBroker.Status);
            Assert.Equal(ProtectionMode.OneTimePad, atBroker.Mode);
            Assert.Equal((ulong)i + 1, atBroker.Sequence);
            Assert.Equal(order, received);

            byte[] report = ChannelPair.Payload(150 + i, 1000 + i);
            (OpenResult atInvestor, byte[] back) = ChannelPair.Open(pair.InvestorOpener, ChannelPair.Seal(pair.BrokerSealer, report));
            Assert.Equal(OpenStatus.Opened, atInvestor.Status);
            Assert.Equal(report, back);
        }

        Assert.Equal(20, pair.BrokerOpener.Counters.OneTimePadMessages);
        Assert.Equal(20, pair.InvestorOpener.Counters.OneTimePadMessages);
    }

    [Fact]
    public void Open_EmptyPayload_RoundTrips()
    {
        using var pair = new ChannelPair();
        (OpenResult result, byte[] payload) = ChannelPair.Open(pair.BrokerOpener, ChannelPair.Seal(pair.InvestorSealer, []));
        Assert.Equal(OpenStatus.Opened, result.Status);
        Assert.Empty(payload);
    }

    [Fact]
    public void Seal_Ciphertext_IsPayloadXorPadNotThePayload()
    {
        using var pair = new ChannelPair();
        byte[] order = new byte[OrderBytes]; // all zero: the ciphertext is the pad itself
        byte[] frame = ChannelPair.Seal(pair.InvestorSealer, order);
        Assert.NotEqual(order, frame.AsSpan(ChannelHeader.Size, OrderBytes).ToArray());
    }

    [Theory]
    [MemberData(nameof(HeaderFields))]
    public void Open_OneByteAltered_IsRejectedAndTheNextGoodMessageOpens(string field, int index)
    {
        using var pair = new ChannelPair();
        byte[] frame = ChannelPair.Seal(pair.InvestorSealer, ChannelPair.Payload(OrderBytes, 1));
        frame[index] ^= 0x01;

        (OpenResult rejected, byte[] leaked) = ChannelPair.Open(pair.BrokerOpener, frame);

        Assert.False(rejected.IsOpened, field);
        Assert.Empty(leaked);
        byte[] next = ChannelPair.Payload(OrderBytes, 2);
        (OpenResult accepted, byte[] payload) = ChannelPair.Open(pair.BrokerOpener, ChannelPair.Seal(pair.InvestorSealer, next));
        Assert.Equal(OpenStatus.Opened, accepted.Status);
        Assert.Equal(next, payload);
        Assert.Equal(1, pair.BrokerOpener.Counters.Rejected);
    }

    [Theory]
    [InlineData(0, OpenStatus.UnsupportedVersion)]
    [InlineData(1, OpenStatus.UnknownMode)]
    [InlineData(ChannelHeader.Size + 5, OpenStatus.TagMismatch)]
    [InlineData(ChannelHeader.Size + OrderBytes + 3, OpenStatus.TagMismatch)]
    public void Open_FieldAltered_NamesTheReason(int index, OpenStatus expected)
    {
        using var pair = new ChannelPair();
        byte[] frame = ChannelPair.Seal(pair.InvestorSealer, ChannelPair.Payload(OrderBytes, 1));
        frame[index] ^= 0x40;
        Assert.Equal(expected, ChannelPair.Open(pair.BrokerOpener, frame).Result.Status);
        Assert.Equal(1, pair.BrokerOpener.Counters.RejectedFor(expected));
    }

    [Fact]
    public void Open_SequenceRaised_IsTagMismatchAndDoesNotMoveTheWindow()
    {
        using var pair = new ChannelPair();
        byte[] frame = ChannelPair.Seal(pair.InvestorSealer, ChannelPair.Payload(OrderBytes, 1));
        BinaryPrimitives.WriteUInt64LittleEndian(frame.AsSpan(2), 1_000);
        Assert.Equal(OpenStatus.TagMismatch, ChannelPair.Open(pair.BrokerOpener, frame).Result.Status);
        Assert.Equal(0UL, pair.BrokerOpener.LastSequence);
    }

    [Fact]
    public void Open_EpochRaised_IsTagMismatchAndDoesNotStartANewSession()
    {
        using var pair = new ChannelPair();
        byte[] first = ChannelPair.Seal(pair.InvestorSealer, ChannelPair.Payload(OrderBytes, 1));
        byte[] forged = ChannelPair.Seal(pair.InvestorSealer, ChannelPair.Payload(OrderBytes, 2));
        Assert.Equal(OpenStatus.Opened, ChannelPair.Open(pair.BrokerOpener, first).Result.Status);
        BinaryPrimitives.WriteUInt64LittleEndian(forged.AsSpan(38), pair.InvestorSealer.Epoch + 1_000_000);

        Assert.Equal(OpenStatus.TagMismatch, ChannelPair.Open(pair.BrokerOpener, forged).Result.Status);
        Assert.Equal(pair.InvestorSealer.Epoch, pair.BrokerOpener.LastEpoch);
    }

    [Fact]
    public void Open_RestartedSenderFromSequenceOne_OpensWhileEveryOldMessageStaysRefused()
    {
        using var pair = new ChannelPair();
        var before = new List<byte[]>();
        for (int i = 0; i < 5; i++)
        {
            before.Add(ChannelPair.Seal(pair.BrokerSealer, ChannelPair.Payload(150, i)));
            Assert.Equal(OpenStatus.Opened, ChannelPair.Open(pair.InvestorOpener, before[^1]).Result.Status);
        }

        // the broker process restarts: a new sealer, sequence numbers from 1 again, on fresh key
        using var restarted = new MessageSealer(pair.BrokerPad, AuthenticationRole.Bob, new ChannelOptions());
        pair.AddBrokerKey(4096);
        byte[] afterRestart = ChannelPair.Seal(restarted, ChannelPair.Payload(150, 99));
        (OpenResult opened, byte[] payload) = ChannelPair.Open(pair.InvestorOpener, afterRestart);

        Assert.Equal(OpenStatus.Opened, opened.Status);
        Assert.Equal(1UL, opened.Sequence);
        Assert.Equal(ChannelPair.Payload(150, 99), payload);
        Assert.Equal(OpenStatus.Replayed, ChannelPair.Open(pair.InvestorOpener, afterRestart).Result.Status);
        foreach (byte[] old in before)
        {
            Assert.Equal(OpenStatus.Replayed, ChannelPair.Open(pair.InvestorOpener, old).Result.Status);
        }

        Assert.Equal(OpenStatus.Opened, ChannelPair.Open(pair.InvestorOpener, ChannelPair.Seal(restarted, ChannelPair.Payload(150, 100))).Result.Status);
    }

    [Fact]
    public void Open_OffsetMovedOntoTheNextMessagesPad_DoesNotBurnIt()
    {
        using var pair = new ChannelPair();
        byte[] first = ChannelPair.Seal(pair.InvestorSealer, ChannelPair.Payload(OrderBytes, 1));
        byte[] second = ChannelPair.Seal(pair.InvestorSealer, ChannelPair.Payload(OrderBytes, 2));
        byte[] forged = (byte[])first.Clone();
        second.AsSpan(26, 8).CopyTo(forged.AsSpan(26)); // the first's header now names the second's pad

        Assert.Equal(OpenStatus.TagMismatch, ChannelPair.Open(pair.BrokerOpener, forged).Result.Status);
        Assert.Equal(OpenStatus.Opened, ChannelPair.Open(pair.BrokerOpener, second).Result.Status);
    }

    [Fact]
    public void Open_UnknownKeyId_IsRejectedAsUnknownKey()
    {
        using var pair = new ChannelPair();
        byte[] frame = ChannelPair.Seal(pair.InvestorSealer, ChannelPair.Payload(OrderBytes, 1));
        KeyId.New().WriteBytes(frame.AsSpan(10, 16));
        Assert.Equal(OpenStatus.UnknownKey, ChannelPair.Open(pair.BrokerOpener, frame).Result.Status);
    }

    [Fact]
    public void Open_OffsetPastTheKey_IsRejectedAsPadOutOfRange()
    {
        using var pair = new ChannelPair();
        byte[] frame = ChannelPair.Seal(pair.InvestorSealer, ChannelPair.Payload(OrderBytes, 1));
        BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(26), 1L << 40);
        Assert.Equal(OpenStatus.PadOutOfRange, ChannelPair.Open(pair.BrokerOpener, frame).Result.Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(ChannelHeader.Size - 1)]
    [InlineData(ChannelHeader.Size)]
    [InlineData(ChannelHeader.Size + OrderBytes)]
    [InlineData(ChannelHeader.Size + OrderBytes + 7)]
    public void Open_Truncated_IsRejectedAsTruncatedAndTheNextGoodMessageOpens(int keep)
    {
        using var pair = new ChannelPair();
        byte[] frame = ChannelPair.Seal(pair.InvestorSealer, ChannelPair.Payload(OrderBytes, 1));

        Assert.Equal(OpenStatus.Truncated, ChannelPair.Open(pair.BrokerOpener, frame.AsSpan(0, keep)).Result.Status);
        Assert.Equal(OpenStatus.Opened, ChannelPair.Open(pair.BrokerOpener, frame).Result.Status);
    }

    [Fact]
    public void Open_ExtraBytes_IsRejectedAsTrailingBytes()
    {
        using var pair = new ChannelPair();
        byte[] frame = [.. ChannelPair.Seal(pair.InvestorSealer, ChannelPair.Payload(OrderBytes, 1)), 0];
        Assert.Equal(OpenStatus.TrailingBytes, ChannelPair.Open(pair.BrokerOpener, frame).Result.Status);
    }

    [Fact]
    public void Open_Replayed_IsRejectedAsReplayedAndTheNextGoodMessageOpens()
    {
        using var pair = new ChannelPair();
        byte[] first = ChannelPair.Seal(pair.InvestorSealer, ChannelPair.Payload(OrderBytes, 1));
        Assert.Equal(OpenStatus.Opened, ChannelPair.Open(pair.BrokerOpener, first).Result.Status);

        Assert.Equal(OpenStatus.Replayed, ChannelPair.Open(pair.BrokerOpener, first).Result.Status);

        Assert.Equal(OpenStatus.Opened, ChannelPair.Open(pair.BrokerOpener, ChannelPair.Seal(pair.InvestorSealer, ChannelPair.Payload(OrderBytes, 2))).Result.Status);
        Assert.Equal(1, pair.BrokerOpener.Counters.RejectedFor(OpenStatus.Replayed));
    }

    [Fact]
    public void Open_Reordered_IsRejectedAsReorderedAndTheNextGoodMessageOpens()
    {
        using var pair = new ChannelPair();
        byte[] first = ChannelPair.Seal(pair.InvestorSealer, ChannelPair.Payload(OrderBytes, 1));
        byte[] second = ChannelPair.Seal(pair.InvestorSealer, ChannelPair.Payload(OrderBytes, 2));
        Assert.Equal(OpenStatus.Opened, ChannelPair.Open(pair.BrokerOpener, second).Result.Status);

        Assert.Equal(OpenStatus.Reordered, ChannelPair.Open(pair.BrokerOpener, first).Result.Status);

        Assert.Equal(OpenStatus.Opened, ChannelPair.Open(pair.BrokerOpener, ChannelPair.Seal(pair.InvestorSealer, ChannelPair.Payload(OrderBytes, 3))).Result.Status);
    }

    [Fact]
    public void Open_LostMessage_LeavesAGapNotAStall()
    {
        using var pair = new ChannelPair();
        _ = ChannelPair.Seal(pair.InvestorSealer, ChannelPair.Payload(OrderBytes, 1));
        (OpenResult result, _) = ChannelPair.Open(pair.BrokerOpener, ChannelPair.Seal(pair.InvestorSealer, ChannelPair.Payload(OrderBytes, 2)));
        Assert.Equal(OpenStatus.Opened, result.Status);
        Assert.Equal(2UL, result.Sequence);
    }

    [Fact]
    public void Open_ReflectedAsIfFromTheOtherDirection_IsRejected()
    {
        using var pair = new ChannelPair();
        byte[] frame = ChannelPair.Seal(pair.InvestorSealer, ChannelPair.Payload(OrderBytes, 1));
        // Same keys, but an opener expecting the broker's direction: only the direction bound into the tag differs.
        using var reflected = new MessageOpener(pair.BrokerLookup, AuthenticationRole.Bob);
        Assert.Equal(OpenStatus.TagMismatch, ChannelPair.Open(reflected, frame).Result.Status);
    }

    [Fact]
    public void Open_PayloadBufferTooSmall_IsRejectedWithoutConsumingTheMessage()
    {
        using var pair = new ChannelPair();
        byte[] frame = ChannelPair.Seal(pair.InvestorSealer, ChannelPair.Payload(OrderBytes, 1));
        Assert.Equal(OpenStatus.DestinationTooSmall, pair.BrokerOpener.Open(frame, new byte[OrderBytes - 1]).Status);
        Assert.Equal(OpenStatus.Opened, pair.BrokerOpener.Open(frame, new byte[OrderBytes]).Status);
    }
}
