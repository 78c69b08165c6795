using QkdNet.PostProcessing.Authentication;
using QkdNet.PostProcessing.Pipeline;
using QkdNet.PostProcessing.Reconciliation;
using QkdNet.Primitives;
using QkdNet.Quantum.Physics;
using QkdNet.Quantum.Simulation;

namespace QkdNet.Tests.PostProcessing.Pipeline;

public sealed class EnginesTests
{
    private static QkdLink Gys(double km) => LinkPresets.Create("gys", km).Value;

    [Theory]
    [InlineData(10, 21UL)]
    [InlineData(25, 22UL)]
    [InlineData(50, 23UL)]
    public async Task HonestLink_BothEndsGetTheSameKeyUnderTheSameId(double km, ulong seed)
    {
        var (alice, bob) = await PipelineHarness.RunAsync(Gys(km), km >= 50 ? 400_000_000 : 100_000_000, seed);
        Assert.Equal(BlockOutcomeKind.Key, alice.Report.Outcome);
        Assert.Equal(BlockOutcomeKind.Key, bob.Report.Outcome);
        Assert.NotNull(alice.Block);
        Assert.NotNull(bob.Block);
        Assert.Equal(alice.Block.BlockId, bob.Block.BlockId);
        Assert.Equal(alice.Block.Key, bob.Block.Key);
        Assert.True(alice.Block.Key.Length > 1000);
        Assert.False(alice.Block.IsKeyGrade);
    }

    [Fact]
    public async Task Reports_AgreeAtBothEndsAndAccountForEveryStage()
    {
        var (alice, bob) = await PipelineHarness.RunAsync(Gys(25), 100_000_000, 24);
        BlockReport a = alice.Report, b = bob.Report;
        Assert.Equal(a.SiftedBits, b.SiftedBits);
        Assert.Equal(a.SecretKeyBits, b.SecretKeyBits);
        Assert.Equal(a.DisclosedBits, b.DisclosedBits);
        Assert.Equal(a.ReconciledQber, b.ReconciledQber);
        Assert.InRange(b.ReconciledQber.Fraction, 0.025, 0.042);
        Assert.InRange(b.Efficiency, 1.0, 1.2);
        Assert.Equal(b.Reconciliation!.DisclosedParityBits + 64, b.DisclosedBits);
        Assert.True(b.SecretKeyBits < b.SiftedBits - b.SampleBits - b.DisclosedBits);
    }

    [Fact]
    public async Task InterceptResend_AbortsAtEstimationWithTheReason()
    {
        var (alice, bob) = await PipelineHarness.RunAsync(Gys(25), 100_000_000, 25, InterceptResend.Create(1).Value);
        Assert.Null(alice.Block);
        Assert.Null(bob.Block);
        Assert.Equal(BlockOutcomeKind.AbortedEstimation, bob.Report.Outcome);
        Assert.Contains("QBER", bob.Report.AbortReason);
        Assert.Contains("eavesdropping", bob.Report.AbortReason);
        Assert.Equal(alice.Report.AbortReason, bob.Report.AbortReason);
    }

    [Fact]
    public async Task PhotonNumberSplitting_IsCaughtByTheDecoyEstimate()
    {
        var (_, bob) = await PipelineHarness.RunAsync(Gys(50), 400_000_000, 26, new PhotonNumberSplitting());
        Assert.Equal(BlockOutcomeKind.AbortedEstimation, bob.Report.Outcome);
        Assert.Contains("no secret key possible", bob.Report.AbortReason);
    }

    [Fact]
    public async Task OverAuthenticatedChannel_KeysAgreeAndAuthenticationKeyIsConsumed()
    {
        BitString forward = BitString.Random(1 << 17), backward = BitString.Random(1 << 17);
        using var aliceSend = new AuthenticationKeyPool(forward.Clone());
        using var aliceReceive = new AuthenticationKeyPool(backward.Clone());
        using var bobSend = new AuthenticationKeyPool(backward.Clone());
        using var bobReceive = new AuthenticationKeyPool(forward.Clone());
        var (alice, bob) = await PipelineHarness.RunAsync(Gys(25), 100_000_000, 27,
            wrapAlice: c => new AuthenticatedClassicalChannel(c, aliceSend, aliceReceive, AuthenticationRole.Alice),
            wrapBob: c => new AuthenticatedClassicalChannel(c, bobSend, bobReceive, AuthenticationRole.Bob));
        Assert.Equal(alice.Block!.Key, bob.Block!.Key);
        Assert.True(aliceSend.BitsConsumed > 0);
        Assert.Equal(aliceSend.BitsConsumed, bobReceive.BitsConsumed);
        Assert.Equal(aliceReceive.BitsConsumed, bobSend.BitsConsumed);
    }

    [Fact]
    public async Task OriginalCascade_AlsoProducesMatchingKeys()
    {
        QkdLink link = Gys(25);
        var options = PipelineHarness.Options(link, cascade: CascadeParameters.Original);
        var (alice, bob) = await PipelineHarness.RunAsync(link, 100_000_000, 28, options: options);
        Assert.Equal(alice.Block!.Key, bob.Block!.Key);
        Assert.Equal("cascade-original", bob.Report.Reconciliation!.VariantName);
    }
}
