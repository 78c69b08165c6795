using QkdNet.PostProcessing.Pipeline;
using QkdNet.Quantum;
using QkdNet.Quantum.Physics;
using QkdNet.Quantum.Simulation;

namespace QkdNet.Tests.PostProcessing.Pipeline;

public sealed class SimulatedQkdLinkTests
{
    private static SimulatedQkdLink Link() => new("koganei-otemachi", LinkPresets.Create("gys", 25).Value, pulsesPerBlock: 400_000_000);

    [Fact]
    public async Task BothModules_DeliverTheSameKeyGradeBlocks()
    {
        using var link = Link();
        SecretKeyBlock a1 = await link.Alice.NextKeyBlockAsync();
        SecretKeyBlock b1 = await link.Bob.NextKeyBlockAsync();
        SecretKeyBlock b2 = await link.Bob.NextKeyBlockAsync();
        SecretKeyBlock a2 = await link.Alice.NextKeyBlockAsync();
        Assert.Equal(a1.BlockId, b1.BlockId);
        Assert.Equal(a1.Key, b1.Key);
        Assert.Equal(a2.BlockId, b2.BlockId);
        Assert.Equal(a2.Key, b2.Key);
        Assert.NotEqual(a1.BlockId, a2.BlockId);
        Assert.True(a1.IsKeyGrade);
        Assert.Equal(2, link.Alice.Status.BlocksDelivered);
        Assert.True(link.Alice.Status.SecretKeyRateBps > 0);
    }

    [Fact]
    public async Task Attack_DiscardsBlocksWithTheReason_AndTheLinkRecoversWhenItStops()
    {
        using var link = Link();
        link.Eavesdropper = InterceptResend.Create(1).Value;
        var (_, bob) = await link.RunBlockAsync();
        Assert.Equal(BlockOutcomeKind.AbortedEstimation, bob.Outcome);
        Assert.Equal(1, link.Bob.Status.BlocksAborted);
        Assert.Contains("eavesdropping", link.Bob.Status.LastAbortReason);
        Assert.True(link.Bob.Status.Qber?.Fraction > 0.2);

        link.Eavesdropper = null;
        SecretKeyBlock a = await link.Alice.NextKeyBlockAsync();
        SecretKeyBlock b = await link.Bob.NextKeyBlockAsync();
        Assert.Equal(a.Key, b.Key);
        Assert.True(link.Bob.Status.Qber?.Fraction < 0.05);
    }

    [Fact]
    public async Task EveryBlock_RefillsTheAuthenticationPoolsBeforeDeliveringKey()
    {
        using var link = Link();
        var (alice, bob) = await link.RunBlockAsync();
        Assert.Equal(BlockOutcomeKind.Key, bob.Outcome);
        Assert.True(bob.AuthenticationBitsUsed > 0);
        Assert.Equal(alice.AuthenticationBitsUsed, bob.AuthenticationBitsUsed);

        // The pools started full, so what the messages consumed came back out of the key before anything was delivered.
        Assert.Equal(bob.SecretKeyBits - bob.AuthenticationBitsUsed, bob.DeliveredKeyBits);
    }

    [Fact]
    public async Task AuthenticationKeyRunningOut_FailsTheBlockWithAReason_AndTheLinkIsRecommissioned()
    {
        QkdLink physics = LinkPresets.Create("gys", 25).Value;

        // Pools of 20 kbit each way cannot pay for one block's ~1000 Cascade messages at 64 bits each.
        var options = new PostProcessingOptions { SignalMu = 0.48, DecoyNu = 0.05, AuthenticationPoolTargetBits = 20_000 };
        using var link = new SimulatedQkdLink("small-pools", physics, pulsesPerBlock: 100_000_000, options);
        var (alice, bob) = await link.RunBlockAsync();
        Assert.Equal(BlockOutcomeKind.Failed, bob.Outcome);
        Assert.Equal(BlockOutcomeKind.Failed, alice.Outcome);
        Assert.Contains("AuthenticationKeyExhausted", bob.AbortReason);
        Assert.Equal(1, link.Recommissions);
        Assert.Contains("re-commissioned", link.Bob.Status.LastAbortReason);

        // The link goes on with fresh keys instead of staying dead.
        var (_, next) = await link.RunBlockAsync();
        Assert.NotEqual(BlockOutcomeKind.Key, next.Outcome);
        Assert.Equal(2, link.Recommissions);
    }

    [Fact]
    public async Task TamperedClassicalMessage_HaltsTheLinkAndSaysSo_InsteadOfReCommissioningItSilently()
    {
        using var link = Link();
        var halts = new List<string>();
        link.Halted += halts.Add;
        link.TamperWithClassicalChannel();

        var (alice, bob) = await link.RunBlockAsync();

        Assert.Equal((BlockOutcomeKind.Failed, BlockOutcomeKind.Failed), (alice.Outcome, bob.Outcome));
        Assert.Equal(0, link.Recommissions);
        Assert.True(link.IsHalted);
        Assert.True(link.Bob.Status.AuthenticationFailed);
        Assert.Contains("Wegman-Carter", link.Bob.Status.LastAbortReason, StringComparison.Ordinal);
        Assert.Contains("Wegman-Carter", Assert.Single(halts), StringComparison.Ordinal);

        // No block runs until an operator re-commissions the link; then key flows again.
        using var stop = new CancellationTokenSource();
        Task<(BlockReport Alice, BlockReport Bob)> waiting = link.RunBlockAsync(stop.Token);
        Assert.False(waiting.IsCompleted);
        await link.RecommissionAsync();
        Assert.Equal(BlockOutcomeKind.Key, (await waiting).Bob.Outcome);
        Assert.Equal(1, link.Recommissions);
        Assert.False(link.IsHalted);
        Assert.False(link.Bob.Status.AuthenticationFailed);
    }

    [Fact]
    public async Task HaltedLink_RunBlock_IsCancellable()
    {
        using var link = Link();
        link.TamperWithClassicalChannel();
        await link.RunBlockAsync();
        using var stop = new CancellationTokenSource();

        Task<(BlockReport Alice, BlockReport Bob)> waiting = link.RunBlockAsync(stop.Token);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(1, link.Bob.Status.BlocksAborted);
    }

    [Fact]
    public async Task RecommendedPulsesPerBlock_GivesAboutTheAskedSiftedBits()
    {
        QkdLink physics = LinkPresets.Create("gys", 25).Value;
        long pulses = SimulatedQkdLink.RecommendedPulsesPerBlock(physics, siftedBits: 3e5);
        using var link = new SimulatedQkdLink("sized", physics, pulses);
        var (_, bob) = await link.RunBlockAsync();
        Assert.InRange(bob.SiftedBits, 2.85e5, 3.15e5);
    }
}
