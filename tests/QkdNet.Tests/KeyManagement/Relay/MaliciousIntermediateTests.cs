using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Relay;
using QkdNet.Tests.KeyManagement.Support;
using static QkdNet.Tests.KeyManagement.Relay.RelayFixture;

namespace QkdNet.Tests.KeyManagement.Relay;

/// <summary>
/// Node C plays a malicious trusted node on one of two node-disjoint paths from B to D (B-C-D and B-E-D). It holds the
/// pads of its own hops, so whatever it sends D verifies hop by hop; what it must not achieve is a key at D that the
/// origin accepts and that differs from the origin's, or a key only it knows.
/// </summary>
public sealed class MaliciousIntermediateTests
{
    private static readonly SaeId Mallory = SaeId.Create("sae-mallory");

    [Fact]
    public void Reassembler_IntermediateClaimsItsShareIsTheWholeKey_IsRefused()
    {
        var (f, manifest, secret, shares) = HonestRelay();
        using var reassembler = new RelayReassembler(D, TimeSpan.FromSeconds(5), new FakeTimeProvider(), requiredShares: 2);
        using RelayDelivery atC = FirstHop(f, manifest, 0, shares[0]);

        // C re-seals its hop as a one-path relay of the same key ID, carrying bytes it chose
        RelayManifest alone = Manifest(manifest.RelayId, manifest.KeyId, [[B, C, D]]);
        using RelayDelivery forged = SendFromC(f, RelayHeader.Create(alone, 0, 1).Value, TestKey(90, manifest.SecretBytes));

        Result<RelayCompletion?, RelayRejection> result = reassembler.Accept(forged);

        Assert.Equal(RelayRejectionReason.TooFewShares, result.Error?.Reason);
        secret.Dispose();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Reassembler_IntermediateRedirectsTheKeyToAnotherSae_IsRefused(bool forgedArrivesLast)
    {
        var (f, manifest, secret, shares) = HonestRelay();
        using var reassembler = new RelayReassembler(D, TimeSpan.FromSeconds(5), new FakeTimeProvider(), requiredShares: 2);
        using RelayDelivery atC = FirstHop(f, manifest, 0, shares[0]);
        RelayManifest redirected = Manifest(manifest.RelayId, manifest.KeyId, [[B, C, D], [B, E, D]], slaves: [Mallory]);
        using RelayDelivery forged = SendFromC(f, RelayHeader.Create(redirected, 0, 1).Value, atC.Share.Span);
        using RelayDelivery honest = f.RelayAlong(RelayHeader.Create(manifest, 1, 0).Value, shares[1].Span).Value;

        Result<RelayCompletion?, RelayRejection> second = forgedArrivesLast
            ? Second(reassembler, honest, forged)
            : Second(reassembler, forged, honest);

        Assert.Equal(RelayRejectionReason.ManifestMismatch, second.Error?.Reason);
        secret.Dispose();
    }

    [Fact]
    public void Origin_IntermediateAltersItsShare_KeyConfirmationFails()
    {
        var (f, manifest, secret, shares) = HonestRelay();
        using var reassembler = new RelayReassembler(D, TimeSpan.FromSeconds(5), new FakeTimeProvider(), requiredShares: 2);
        using RelayDelivery atC = FirstHop(f, manifest, 0, shares[0]);
        byte[] altered = atC.Share.Span.ToArray();
        altered[0] ^= 0x5A; // a difference C knows: D's key becomes the origin's key XOR it
        using RelayDelivery forged = SendFromC(f, RelayHeader.Create(manifest, 0, 1).Value, altered);
        using RelayDelivery honest = f.RelayAlong(RelayHeader.Create(manifest, 1, 0).Value, shares[1].Span).Value;

        reassembler.Accept(forged);
        using RelayCompletion completed = reassembler.Accept(honest).Value!;

        Assert.False(completed.Key.FixedTimeEquals(secret.Span[..manifest.KeyBytes]));
        Assert.False(RelayConfirmation.Confirms(secret.Span, manifest, completed.Confirmation));
        secret.Dispose();
    }

    [Fact]
    public void Origin_IntermediateAltersTheConfirmationKeyOnly_KeyConfirmationFails()
    {
        var (f, manifest, secret, shares) = HonestRelay();
        using var reassembler = new RelayReassembler(D, TimeSpan.FromSeconds(5), new FakeTimeProvider(), requiredShares: 2);
        using RelayDelivery atC = FirstHop(f, manifest, 0, shares[0]);
        byte[] altered = atC.Share.Span.ToArray();
        altered[manifest.KeyBytes + 9] ^= 0x01; // the tag pad: the key itself arrives intact, the tag does not match
        using RelayDelivery forged = SendFromC(f, RelayHeader.Create(manifest, 0, 1).Value, altered);
        using RelayDelivery honest = f.RelayAlong(RelayHeader.Create(manifest, 1, 0).Value, shares[1].Span).Value;

        reassembler.Accept(forged);
        using RelayCompletion completed = reassembler.Accept(honest).Value!;

        Assert.False(RelayConfirmation.Confirms(secret.Span, manifest, completed.Confirmation));
        secret.Dispose();
    }

    [Fact]
    public void Origin_ConfirmationGuessedByAnIntermediate_IsRefused()
    {
        var (_, manifest, secret, _) = HonestRelay();
        var guesses = new Random(17);

        // what C can send back in place of D's answer: any value, without the secret's tag pad
        for (int i = 0; i < 1000; i++)
        {
            Assert.False(RelayConfirmation.Confirms(secret.Span, manifest, (ulong)guesses.NextInt64()));
        }

        secret.Dispose();
    }

    [Fact]
    public void Origin_HonestRelay_HandsOutTheKeyTheDestinationHolds()
    {
        var f = new RelayFixture();
        using var origin = new RelayOrigin(Manifest(Guid.NewGuid(), KeyId.New(), [[B, C, D], [B, E, D]]));
        using var reassembler = new RelayReassembler(D, TimeSpan.FromSeconds(5), new FakeTimeProvider(), requiredShares: 2);
        using RelayDelivery first = f.RelayAlong(origin.FirstHop(0), origin.Share(0).Span).Value;
        using RelayDelivery second = f.RelayAlong(origin.FirstHop(1), origin.Share(1).Span).Value;
        reassembler.Accept(first);
        using RelayCompletion completed = reassembler.Accept(second).Value!;

        using KeyMaterial key = origin.Conclude([new RelayPathAnswer(false, null), new RelayPathAnswer(true, completed.Confirmation)]).Value;

        Assert.True(key.FixedTimeEquals(completed.Key.Span));
    }

    [Fact]
    public void Origin_ShareAlteredOnAPath_HandsNoKeyOut()
    {
        var f = new RelayFixture();
        using var origin = new RelayOrigin(Manifest(Guid.NewGuid(), KeyId.New(), [[B, C, D], [B, E, D]]));
        using var reassembler = new RelayReassembler(D, TimeSpan.FromSeconds(5), new FakeTimeProvider(), requiredShares: 2);
        using RelayDelivery atC = FirstHop(f, origin.Manifest, 0, origin.Share(0));
        byte[] altered = atC.Share.Span.ToArray();
        altered[3] ^= 0x80;
        using RelayDelivery forged = SendFromC(f, RelayHeader.Create(origin.Manifest, 0, 1).Value, altered);
        using RelayDelivery honest = f.RelayAlong(origin.FirstHop(1), origin.Share(1).Span).Value;
        reassembler.Accept(honest);
        using RelayCompletion completed = reassembler.Accept(forged).Value!;

        Result<KeyMaterial, RelayRejection> concluded = origin.Conclude([new RelayPathAnswer(true, completed.Confirmation), new RelayPathAnswer(false, null)]);

        Assert.Equal(RelayRejectionReason.ConfirmationFailed, concluded.Error?.Reason);
    }

    [Fact]
    public void Origin_PathClaimsStoredWithoutTheDestinationsConfirmation_HandsNoKeyOut()
    {
        using var origin = new RelayOrigin(Manifest(Guid.NewGuid(), KeyId.New(), [[B, C, D], [B, E, D]]));

        // C answers "stored" for its path without ever forwarding the share (and E's path is still pending)
        Result<KeyMaterial, RelayRejection> concluded = origin.Conclude([new RelayPathAnswer(true, null), new RelayPathAnswer(false, null)]);

        Assert.Equal(RelayRejectionReason.ConfirmationFailed, concluded.Error?.Reason);
    }

    [Fact]
    public void Origin_NoPathReportsTheKeyStored_HandsNoKeyOut()
    {
        using var origin = new RelayOrigin(Manifest(Guid.NewGuid(), KeyId.New(), [[B, C, D], [B, E, D]]));

        Assert.False(origin.Conclude([new RelayPathAnswer(false, null), new RelayPathAnswer(false, null)]).IsSuccess);
    }

    [Fact]
    public void Manifest_PathsSharingAnIntermediateNode_AreRefused()
    {
        Result<RelayManifest> made = RelayManifest.Create(Guid.NewGuid(), KeyId.New(), 32, [[B, C, D], [B, C, E, D]], Master, [Slave], DateTimeOffset.UnixEpoch);

        Assert.False(made.IsSuccess);
        Assert.Contains("node-disjoint", made.Error, StringComparison.Ordinal);
    }

    private static (RelayFixture F, RelayManifest Manifest, KeyMaterial Secret, KeyMaterial[] Shares) HonestRelay()
    {
        var f = new RelayFixture();
        RelayManifest manifest = Manifest(Guid.NewGuid(), KeyId.New(), [[B, C, D], [B, E, D]]);
        KeyMaterial secret = RelayConfirmation.NewSecret(manifest);
        return (f, manifest, secret, XorSharing.Split(secret.Span, 2));
    }

    /// <summary>The origin's first hop of share <paramref name="index"/>, opened at the first intermediate node.</summary>
    private static RelayDelivery FirstHop(RelayFixture f, RelayManifest manifest, int index, KeyMaterial share)
    {
        RelayHeader header = RelayHeader.Create(manifest, index, 0).Value;
        byte[] wire = f.Endpoints[B].Send(header, Link(B, header.Receiver), share.Span).Value;
        return f.Endpoints[header.Receiver].Receive(wire, Link(B, header.Receiver), B).Value;
    }

    /// <summary>What C seals on its own hop C -&gt; D, opened at D: the hop's tag verifies, since C holds that hop's pad.</summary>
    private static RelayDelivery SendFromC(RelayFixture f, RelayHeader header, ReadOnlySpan<byte> share)
    {
        byte[] wire = f.Endpoints[C].Send(header, Link(C, D), share).Value;
        return f.Endpoints[D].Receive(wire, Link(C, D), C).Value;
    }

    private static Result<RelayCompletion?, RelayRejection> Second(RelayReassembler reassembler, RelayDelivery first, RelayDelivery second)
    {
        Assert.True(reassembler.Accept(first).IsSuccess);
        return reassembler.Accept(second);
    }
}
