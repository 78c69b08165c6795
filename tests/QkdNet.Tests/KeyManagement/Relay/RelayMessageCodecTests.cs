using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Relay;
using static QkdNet.Tests.KeyManagement.Relay.RelayFixture;

namespace QkdNet.Tests.KeyManagement.Relay;

public sealed class RelayMessageCodecTests
{
    private static RelayMessage Sample() => new(
        RelayHeader.Create(Manifest(new Guid("a3f1c2d4-1111-4222-8333-444455556666"), KeyOf("b3f1c2d4-1111-4222-8333-444455556666"), [[A, D, C], [A, B, C]]), 1, 1).Value,
        42, [KeyOf("c3f1c2d4-1111-4222-8333-444455556666")], new byte[] { 1, 2, 3 }, 0x0102030405060708);

    /// <summary>Where the share index sits: after magic, version, flags and the manifest.</summary>
    private static int ShareIndexOffset => 4 + Sample().Header.Manifest.Canonical.Length;

    [Fact]
    public void EncodeDecode_RoundTripsEveryField()
    {
        RelayMessage m = Sample();

        RelayMessage back = RelayMessageCodec.Decode(RelayMessageCodec.Encode(m)).Value;

        Assert.Equal(m.Header.RelayId, back.Header.RelayId);
        Assert.Equal(m.Header.RelayedKeyId, back.Header.RelayedKeyId);
        Assert.Equal(m.Header.Path, back.Header.Path);
        Assert.True(m.Header.Manifest.SameAs(back.Header.Manifest));
        Assert.Equal([Slave], back.Header.Manifest.Slaves);
        Assert.Equal(Master, back.Header.Manifest.Master);
        Assert.Equal(m.Header.Manifest.ExpiresAt, back.Header.Manifest.ExpiresAt);
        Assert.Equal((1, 2, 1), (back.Header.ShareIndex, back.Header.ShareCount, back.Header.HopIndex));
        Assert.Equal(m.Sequence, back.Sequence);
        Assert.Equal(m.PadKeyIds, back.PadKeyIds);
        Assert.Equal(m.Ciphertext.ToArray(), back.Ciphertext.ToArray());
        Assert.Equal(m.Tag, back.Tag);
    }

    [Theory]
    [InlineData(0, 0x00, RelayRejectionReason.Malformed)]          // magic
    [InlineData(2, 0x01, RelayRejectionReason.UnsupportedVersion)] // version 1, which carried no manifest
    [InlineData(3, 0x01, RelayRejectionReason.Malformed)]          // reserved flags
    [InlineData(-1, 0x02, RelayRejectionReason.Malformed)]         // share index 2 of 2
    [InlineData(-2, 0x02, RelayRejectionReason.Malformed)]         // hop index outside the share's 3-node path
    public void Decode_BadField_IsRejectedWithReason(int offset, byte value, RelayRejectionReason expected)
    {
        byte[] wire = RelayMessageCodec.Encode(Sample());
        wire[offset switch { -1 => ShareIndexOffset, -2 => ShareIndexOffset + 1, _ => offset }] = value;

        Assert.Equal(expected, RelayMessageCodec.Decode(wire).Error?.Reason);
    }

    [Fact]
    public void Decode_ManifestWithPathsSharingANode_IsMalformed()
    {
        byte[] wire = RelayMessageCodec.Encode(Sample());
        int secondPathMiddle = ShareIndexOffset - 3; // the manifest ends ... 1, 'B', 1, 'C': the last path is A, B, C
        Assert.Equal((byte)'B', wire[secondPathMiddle]);
        wire[secondPathMiddle] = (byte)'D'; // now both paths run through D

        Assert.Equal(RelayRejectionReason.Malformed, RelayMessageCodec.Decode(wire).Error?.Reason);
    }

    [Fact]
    public void Decode_TrailingBytes_IsMalformed()
    {
        byte[] wire = [.. RelayMessageCodec.Encode(Sample()), 0];

        Assert.Equal(RelayRejectionReason.Malformed, RelayMessageCodec.Decode(wire).Error?.Reason);
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
