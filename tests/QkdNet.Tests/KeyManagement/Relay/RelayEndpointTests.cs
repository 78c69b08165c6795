using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Relay;
using static QkdNet.Tests.KeyManagement.Relay.RelayFixture;

namespace QkdNet.Tests.KeyManagement.Relay;

public sealed class RelayEndpointTests
{
    private static readonly Guid RelayId = new("6f1d7a52-0c33-4b8e-9a41-2f0d5c6e7a10");
    private static readonly KeyId RelayedKey = KeyOf("0b6f3a6e-8c1d-4e2f-9a3b-5c7d9e1f2a4b");

    [Fact]
    public void Relay_ThreeHops_DestinationGetsTheKey()
    {
        var f = new RelayFixture();
        byte[] key = TestKey(1);

        using RelayDelivery delivered = f.RelayAlong(Header(RelayId, RelayedKey, [A, B, C, D]), key).Value;

        Assert.True(delivered.Share.FixedTimeEquals(key));
        Assert.Equal(2, delivered.Header.HopIndex);
        Assert.Equal(RelayedKey, delivered.Header.RelayedKeyId);
        Assert.Equal(A, delivered.Header.Origin);
    }

    [Fact]
    public void Relay_EveryPadIsZeroedAfterUse()
    {
        var f = new RelayFixture();

        f.RelayAlong(Header(RelayId, RelayedKey, [A, B, C, D]), TestKey(2)).Value.Dispose();

        Assert.Equal(6, f.Pads.IssuedPads.Count); // three hops, a pad at each end
        Assert.All(f.Pads.IssuedPads, pad => Assert.All(pad, b => Assert.Equal(0, b)));
    }

    [Fact]
    public void Send_PadTakenIsShareLengthPlusSixteenBytes()
    {
        var f = new RelayFixture();

        f.Endpoints[A].Send(Header(RelayId, RelayedKey, [A, B]), Link(A, B), TestKey(3, 32));

        Assert.Equal(RelayEndpoint.PadBytes(32), f.Pads.IssuedPads.Single().Length);
        Assert.Equal(48, RelayEndpoint.PadBytes(32));
    }

    [Theory]
    [InlineData(10)]   // relay ID
    [InlineData(25)]   // relayed key ID
    [InlineData(-20)]  // ciphertext
    [InlineData(-1)]   // tag
    public void Receive_AnyFlippedBit_IsRejectedAsForged(int offset)
    {
        var f = new RelayFixture();
        byte[] wire = f.Endpoints[A].Send(Header(RelayId, RelayedKey, [A, B]), Link(A, B), TestKey(4)).Value;
        wire[offset >= 0 ? offset : wire.Length + offset] ^= 0x10;

        Result<RelayDelivery, RelayRejection> r = f.Endpoints[B].Receive(wire, Link(A, B), A);

        Assert.Equal(RelayRejectionReason.Forged, r.Error?.Reason);
        Assert.All(f.Pads.IssuedPads, pad => Assert.All(pad, b => Assert.Equal(0, b)));
    }

    [Fact]
    public void Receive_EveryTruncation_IsRejectedNeverThrown()
    {
        var f = new RelayFixture();
        byte[] wire = f.Endpoints[A].Send(Header(RelayId, RelayedKey, [A, B]), Link(A, B), TestKey(5)).Value;

        for (int length = 0; length < wire.Length; length++)
        {
            Result<RelayDelivery, RelayRejection> r = f.Endpoints[B].Receive(wire.AsSpan(0, length), Link(A, B), A);
            Assert.Equal(RelayRejectionReason.Truncated, r.Error?.Reason);
        }

        Assert.True(f.Endpoints[B].Receive(wire, Link(A, B), A).IsSuccess);
    }

    [Fact]
    public void Receive_SameMessageTwice_SecondIsReplayed()
    {
        var f = new RelayFixture();
        byte[] wire = f.Endpoints[A].Send(Header(RelayId, RelayedKey, [A, B]), Link(A, B), TestKey(6)).Value;
        Assert.True(f.Endpoints[B].Receive(wire, Link(A, B), A).IsSuccess);

        Result<RelayDelivery, RelayRejection> again = f.Endpoints[B].Receive(wire, Link(A, B), A);

        Assert.Equal(RelayRejectionReason.Replayed, again.Error?.Reason);
        Assert.Equal(RelayId, again.Error!.RelayId);
    }

    [Fact]
    public void Receive_OlderMessageAfterNewer_IsReordered_AndGapsAreAllowed()
    {
        var f = new RelayFixture();
        byte[] first = f.Endpoints[A].Send(Header(RelayId, RelayedKey, [A, B]), Link(A, B), TestKey(7)).Value;
        byte[] second = f.Endpoints[A].Send(Header(Guid.NewGuid(), RelayedKey, [A, B]), Link(A, B), TestKey(8)).Value;

        Assert.True(f.Endpoints[B].Receive(second, Link(A, B), A).IsSuccess);
        Assert.Equal(RelayRejectionReason.Reordered, f.Endpoints[B].Receive(first, Link(A, B), A).Error?.Reason);
    }

    [Theory]
    [InlineData("C", "A")] // delivered to the wrong node
    [InlineData("B", "C")] // claims to come from a node that is not the hop's sender
    public void Receive_HopNotMatchingArrival_IsPathMismatch(string receiver, string from)
    {
        var f = new RelayFixture();
        byte[] wire = f.Endpoints[A].Send(Header(RelayId, RelayedKey, [A, B, C]), Link(A, B), TestKey(9)).Value;

        Result<RelayDelivery, RelayRejection> r = f.Endpoints[KmeId.Create(receiver)].Receive(wire, Link(A, B), KmeId.Create(from));

        Assert.Equal(RelayRejectionReason.PathMismatch, r.Error?.Reason);
    }

    [Fact]
    public void Send_EmptyPool_IsPadUnavailable()
    {
        var f = new RelayFixture();
        f.Pads.KeysAvailablePerLink = 1;

        Result<byte[], RelayRejection> r = f.Endpoints[A].Send(Header(RelayId, RelayedKey, [A, B]), Link(A, B), TestKey(10));

        Assert.Equal(RelayRejectionReason.PadUnavailable, r.Error?.Reason);
    }

    [Fact]
    public void Send_HeaderOfAnotherSender_IsPathMismatch()
    {
        var f = new RelayFixture();

        Result<byte[], RelayRejection> r = f.Endpoints[B].Send(Header(RelayId, RelayedKey, [A, B]), Link(A, B), TestKey(11));

        Assert.Equal(RelayRejectionReason.PathMismatch, r.Error?.Reason);
    }

    [Fact]
    public void Texts_NeverContainKeyBytes()
    {
        var f = new RelayFixture();
        byte[] key = TestKey(12);
        byte[] wire = f.Endpoints[A].Send(Header(RelayId, RelayedKey, [A, B]), Link(A, B), key).Value;
        RelayMessage message = RelayMessageCodec.Decode(wire).Value;
        using RelayDelivery delivery = f.Endpoints[B].Receive(wire, Link(A, B), A).Value;
        string replay = f.Endpoints[B].Receive(wire, Link(A, B), A).Error!.ToString();

        foreach (string text in new[] { message.ToString(), delivery.ToString(), replay, delivery.Share.ToString() })
        {
            Assert.DoesNotContain(Convert.ToHexString(key[..8]), text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Convert.ToBase64String(key)[..8], text, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToHexString(message.Ciphertext.Span[..8]), text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
