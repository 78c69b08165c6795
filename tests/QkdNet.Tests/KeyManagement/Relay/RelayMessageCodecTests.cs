using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Relay;
using static QkdNet.Tests.KeyManagement.Relay.RelayFixture;

namespace QkdNet.Tests.KeyManagement.Relay;

public sealed class RelayMessageCodecTests
{
    private static RelayMessage Sample() => new(
        RelayHeader.Create(new Guid("a3f1c2d4-1111-4222-8333-444455556666"), KeyOf("b3f1c2d4-1111-4222-8333-444455556666"), 1, 2, [A, B, C], 1).Value,
        42, [KeyOf("c3f1c2d4-1111-4222-8333-444455556666")], new byte[] { 1, 2, 3 }, 0x0102030405060708);

    [Fact]
    public void EncodeDecode_RoundTripsEveryField()
    {
        RelayMessage m = Sample();

        RelayMessage back = RelayMessageCodec.Decode(RelayMessageCodec.Encode(m)).Value;

        Assert.Equal(m.Header.RelayId, back.Header.RelayId);
        Assert.Equal(m.Header.RelayedKeyId, back.Header.RelayedKeyId);
        Assert.Equal(m.Header.Path, back.Header.Path);
        Assert.Equal((1, 2, 1), (back.Header.ShareIndex, back.Header.ShareCount, back.Header.HopIndex));
        Assert.Equal(m.Sequence, back.Sequence);
        Assert.Equal(m.PadKeyIds, back.PadKeyIds);
        Assert.Equal(m.Ciphertext.ToArray(), back.Ciphertext.ToArray());
        Assert.Equal(m.Tag, back.Tag);
    }

    [Theory]
    [InlineData(0, 0x00, RelayRejectionReason.Malformed)]          // magic
    [InlineData(2, 0x02, RelayRejectionReason.UnsupportedVersion)] // version
    [InlineData(3, 0x01, RelayRejectionReason.Malformed)]          // reserved flags
    [InlineData(37, 0x05, RelayRejectionReason.Malformed)]         // share count 5 with index 1 is fine; 37 is share count -> index out of range below
    [InlineData(38, 0x07, RelayRejectionReason.Malformed)]         // hop index outside the path
    public void Decode_BadField_IsRejectedWithReason(int offset, byte value, RelayRejectionReason expected)
    {
        byte[] wire = RelayMessageCodec.Encode(Sample());
        wire[offset] = value;
        if (offset == 37)
        {
            wire[36] = 6; // share index 6 of 5
        }

        Assert.Equal(expected, RelayMessageCodec.Decode(wire).Rejection?.Reason);
    }

    [Fact]
    public void Decode_TrailingBytes_IsMalformed()
    {
        byte[] wire = [.. RelayMessageCodec.Encode(Sample()), 0];

        Assert.Equal(RelayRejectionReason.Malformed, RelayMessageCodec.Decode(wire).Rejection?.Reason);
    }

    [Fact]
    public void Decode_RandomBytes_NeverThrows()
    {
        var random = new Random(3);
        byte[] valid = RelayMessageCodec.Encode(Sample());
        for (int i = 0; i < 2000; i++)
        {
            byte[] wire = (byte[])valid.Clone();
            wire[random.Next(wire.Length)] = (byte)random.Next(256);
            wire = wire[..random.Next(wire.Length + 1)];
            _ = RelayMessageCodec.Decode(wire);
        }
    }
}
