using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Relay;
using QkdNet.Tests.KeyManagement.Support;
using static QkdNet.Tests.KeyManagement.Relay.RelayFixture;

namespace QkdNet.Tests.KeyManagement.Relay;

public sealed class MultipathRelayTests
{
    private static readonly KeyId RelayedKey = KeyOf("1e2d3c4b-5a69-4788-9766-554433221100");

    [Fact]
    public void Multipath_TwoDisjointPaths_DestinationRecombinesKey()
    {
        var f = new RelayFixture();
        using var reassembler = new RelayReassembler(D, TimeSpan.FromSeconds(5), new FakeTimeProvider());
        byte[] key = TestKey(20);
        Guid relayId = Guid.NewGuid();
        KeyMaterial[] shares = XorSharing.Split(key, 2);

        using RelayDelivery first = f.RelayAlong(RelayHeader.Create(relayId, RelayedKey, 0, 2, [B, C, D], 0).Value, shares[0].Span).Value;
        using RelayDelivery second = f.RelayAlong(RelayHeader.Create(relayId, RelayedKey, 1, 2, [B, E, D], 0).Value, shares[1].Span).Value;

        Assert.Null(reassembler.Accept(first).Value);
        using KeyMaterial recombined = reassembler.Accept(second).Value!;
        Assert.True(recombined.FixedTimeEquals(key));
        Assert.Equal(0, reassembler.PendingCount);
    }

    [Fact]
    public void Split_SharesDifferFromKeyAndCombineToIt()
    {
        byte[] key = TestKey(21);

        KeyMaterial[] shares = XorSharing.Split(key, 3);

        Assert.All(shares, s => Assert.False(s.FixedTimeEquals(key)));
        Assert.True(XorSharing.Combine(shares).FixedTimeEquals(key));
    }

    [Fact]
    public void Accept_SameShareTwice_IsDuplicate()
    {
        var f = new RelayFixture();
        using var reassembler = new RelayReassembler(D, TimeSpan.FromSeconds(5), new FakeTimeProvider());
        Guid relayId = Guid.NewGuid();
        using RelayDelivery share = f.RelayAlong(RelayHeader.Create(relayId, RelayedKey, 0, 2, [C, D], 0).Value, TestKey(22)).Value;

        reassembler.Accept(share);

        Assert.Equal(RelayRejectionReason.DuplicateShare, reassembler.Accept(share).Rejection?.Reason);
    }

    [Fact]
    public void Accept_ShareNamingAnotherKey_IsMismatch()
    {
        var f = new RelayFixture();
        using var reassembler = new RelayReassembler(D, TimeSpan.FromSeconds(5), new FakeTimeProvider());
        Guid relayId = Guid.NewGuid();
        using RelayDelivery a = f.RelayAlong(RelayHeader.Create(relayId, RelayedKey, 0, 2, [C, D], 0).Value, TestKey(23)).Value;
        using RelayDelivery b = f.RelayAlong(RelayHeader.Create(relayId, KeyId.New(), 1, 2, [C, D], 0).Value, TestKey(24)).Value;

        reassembler.Accept(a);

        Assert.Equal(RelayRejectionReason.ShareMismatch, reassembler.Accept(b).Rejection?.Reason);
    }

    [Fact]
    public void AbandonExpired_IncompleteRelayAfterTimeout_IsDroppedAndReported()
    {
        var f = new RelayFixture();
        var clock = new FakeTimeProvider();
        using var reassembler = new RelayReassembler(D, TimeSpan.FromSeconds(5), clock);
        Guid relayId = Guid.NewGuid();
        using RelayDelivery share = f.RelayAlong(RelayHeader.Create(relayId, RelayedKey, 0, 2, [C, D], 0).Value, TestKey(25)).Value;
        reassembler.Accept(share);

        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(reassembler.AbandonExpired());
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([relayId], reassembler.AbandonExpired());
        Assert.Equal(0, reassembler.PendingCount);
    }
}
