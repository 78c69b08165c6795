using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Relay;
using QkdNet.Tests.KeyManagement.Support;
using static QkdNet.Tests.KeyManagement.Relay.RelayFixture;

namespace QkdNet.Tests.KeyManagement.Relay;

public sealed class MultipathRelayTests
{
    private static readonly KeyId RelayedKey = KeyOf("1e2d3c4b-5a69-4788-9766-554433221100");

    [Fact]
    public void Multipath_TwoDisjointPaths_DestinationRecombinesKeyAndConfirmsIt()
    {
        var f = new RelayFixture();
        using var reassembler = new RelayReassembler(D, TimeSpan.FromSeconds(5), new FakeTimeProvider(), requiredShares: 2);
        RelayManifest manifest = Manifest(Guid.NewGuid(), RelayedKey, [[B, C, D], [B, E, D]]);
        using KeyMaterial secret = RelayConfirmation.NewSecret(manifest);
        KeyMaterial[] shares = XorSharing.Split(secret.Span, 2);

        using RelayDelivery first = f.RelayAlong(RelayHeader.Create(manifest, 0, 0).Value, shares[0].Span).Value;
        using RelayDelivery second = f.RelayAlong(RelayHeader.Create(manifest, 1, 0).Value, shares[1].Span).Value;

        Assert.Null(reassembler.Accept(first).Value);
        using RelayCompletion completed = reassembler.Accept(second).Value!;
        Assert.True(completed.Key.FixedTimeEquals(secret.Span[..32]));
        Assert.True(RelayConfirmation.Confirms(secret.Span, manifest, completed.Confirmation));
        Assert.Equal([Slave], completed.Manifest.Slaves);
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
        using var reassembler = new RelayReassembler(D, TimeSpan.FromSeconds(5), new FakeTimeProvider(), requiredShares: 2);
        RelayManifest manifest = Manifest(Guid.NewGuid(), RelayedKey, [[B, C, D], [B, E, D]]);
        using RelayDelivery share = f.RelayAlong(RelayHeader.Create(manifest, 0, 0).Value, TestKey(22, manifest.SecretBytes)).Value;

        reassembler.Accept(share);

        Assert.Equal(RelayRejectionReason.DuplicateShare, reassembler.Accept(share).Error?.Reason);
    }

    [Fact]
    public void Accept_ShareNamingAnotherKey_IsManifestMismatch()
    {
        var f = new RelayFixture();
        using var reassembler = new RelayReassembler(D, TimeSpan.FromSeconds(5), new FakeTimeProvider(), requiredShares: 2);
        Guid relayId = Guid.NewGuid();
        RelayManifest manifest = Manifest(relayId, RelayedKey, [[B, C, D], [B, E, D]]);
        RelayManifest other = Manifest(relayId, KeyId.New(), [[B, C, D], [B, E, D]]);
        using RelayDelivery a = f.RelayAlong(RelayHeader.Create(manifest, 0, 0).Value, TestKey(23, manifest.SecretBytes)).Value;
        using RelayDelivery b = f.RelayAlong(RelayHeader.Create(other, 1, 0).Value, TestKey(24, manifest.SecretBytes)).Value;

        reassembler.Accept(a);

        Assert.Equal(RelayRejectionReason.ManifestMismatch, reassembler.Accept(b).Error?.Reason);
    }

    [Fact]
    public void Accept_ShareShorterThanTheManifestSays_IsShareMismatch()
    {
        var f = new RelayFixture();
        using var reassembler = new RelayReassembler(D, TimeSpan.FromSeconds(5), new FakeTimeProvider(), requiredShares: 1);
        RelayManifest manifest = Manifest(Guid.NewGuid(), RelayedKey, [[C, D]]);
        using RelayDelivery share = f.RelayAlong(RelayHeader.Create(manifest, 0, 0).Value, TestKey(26, 32)).Value;

        Assert.Equal(RelayRejectionReason.ShareMismatch, reassembler.Accept(share).Error?.Reason);
    }

    [Fact]
    public void AbandonExpired_IncompleteRelayAfterTimeout_IsDroppedAndReported()
    {
        var f = new RelayFixture();
        var clock = new FakeTimeProvider();
        using var reassembler = new RelayReassembler(D, TimeSpan.FromSeconds(5), clock, requiredShares: 2);
        Guid relayId = Guid.NewGuid();
        RelayManifest manifest = Manifest(relayId, RelayedKey, [[B, C, D], [B, E, D]]);
        using RelayDelivery share = f.RelayAlong(RelayHeader.Create(manifest, 0, 0).Value, TestKey(25, manifest.SecretBytes)).Value;
        reassembler.Accept(share);

        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(reassembler.AbandonExpired());
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([relayId], reassembler.AbandonExpired());
        Assert.Equal(0, reassembler.PendingCount);
    }
}
