using QkdNet.PostProcessing.Channel;
using QkdNet.PostProcessing.Reconciliation;
using QkdNet.Primitives;

namespace QkdNet.Tests.PostProcessing.Reconciliation;

/// <summary>The behaviour every <see cref="IReconciler"/> must show; each implementation inherits it.</summary>
public abstract class ReconcilerContractTests
{
    /// <summary>A reconciler whose public choices (Cascade's permutation seeds) come from <paramref name="publicSeeds"/>, so runs are reproducible.</summary>
    protected abstract IReconciler CreateReconciler(Random publicSeeds);

    private readonly Random _publicSeeds = new(12345);

    protected IReconciler CreateReconciler() => CreateReconciler(_publicSeeds);

    /// <summary>Public seed bytes drawn from <paramref name="random"/> (test use only: production seeds are fresh and unpredictable).</summary>
    protected static Func<byte[]> SeedsFrom(Random random) => () =>
    {
        var seed = new byte[32];
        random.NextBytes(seed);
        return seed;
    };

    [Theory]
    [InlineData(1000, 0.01, 1)]
    [InlineData(1000, 0.05, 2)]
    [InlineData(4096, 0.02, 3)]
    [InlineData(10000, 0.03, 4)]
    [InlineData(20000, 0.05, 5)]
    [InlineData(777, 0.1, 6)]
    public async Task ReconcileBob_RandomErrors_KeysEndIdenticalOrTestNoticesDifference(int n, double qber, int seed)
    {
        var random = new Random(seed);
        int frameErrors = 0;
        for (int run = 0; run < 10; run++)
        {
            var (alice, bob, errors) = SimulatedKeyPair.Create(n, qber, random);
            var (a, b) = await RunAsync(alice, bob, qber);
            if (!alice.Equals(bob))
            {
                frameErrors++;
                continue;
            }

            Assert.Equal(errors, b.BitsCorrected);
            Assert.Equal(a.DisclosedParityBits, b.DisclosedParityBits);
        }

        Assert.Equal(0, frameErrors);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task ReconcileBob_ThreePercentQber_TwoHundredRunsKeysEndIdentical()
    {
        var random = new Random(300);
        int frameErrors = 0;
        for (int run = 0; run < 200; run++)
        {
            var (alice, bob, _) = SimulatedKeyPair.Create(10_000, 0.03, random);
            await RunAsync(alice, bob, 0.03);
            frameErrors += alice.Equals(bob) ? 0 : 1;
        }

        Assert.Equal(0, frameErrors);
    }

    [Fact]
    public async Task ReconcileAlice_AnyErrors_LeavesAliceKeyUnchanged()
    {
        var (alice, bob, _) = SimulatedKeyPair.Create(5000, 0.04, new Random(7));
        BitString before = alice.Clone();
        await RunAsync(alice, bob, 0.04);
        Assert.Equal(before, alice);
    }

    [Fact]
    public async Task ReconcileBob_NoErrors_CorrectsNothing()
    {
        var (alice, bob, _) = SimulatedKeyPair.Create(3000, 0.0, new Random(8));
        var (_, b) = await RunAsync(alice, bob, 0.02);
        Assert.Equal(alice, bob);
        Assert.Equal(0, b.BitsCorrected);
    }

    [Fact]
    public async Task ReconcileBob_SingleBitKey_Works()
    {
        var alice = BitString.FromBytes([1], 1);
        var bob = BitString.FromBytes([0], 1);
        await RunAsync(alice, bob, 0.2);
        Assert.Equal(alice, bob);
    }

    [Fact]
    public async Task Results_BothEnds_ReportSameDisclosureAndConsistentMessageCounts()
    {
        var (alice, bob, _) = SimulatedKeyPair.Create(8000, 0.03, new Random(9));
        var (a, b) = await RunAsync(alice, bob, 0.03);
        Assert.Equal(a.DisclosedParityBits, b.DisclosedParityBits);
        Assert.Equal(a.MessagesSent, b.MessagesReceived);
        Assert.Equal(b.MessagesSent, a.MessagesReceived);
        Assert.Equal(a.Rounds, b.Rounds);
        Assert.Equal(0, a.BitsCorrected);
        Assert.Equal(CreateReconciler().Name, b.VariantName);
        Assert.True(b.Passes >= 4);
    }

    [Fact]
    public async Task DisclosedParityBits_EqualParityBitsThatCrossedTheChannel()
    {
        var (alice, bob, _) = SimulatedKeyPair.Create(6000, 0.03, new Random(10));
        var (aliceEnd, bobEnd) = InMemoryClassicalChannel.CreatePair();
        var aliceSpy = new SpyClassicalChannel(aliceEnd);
        var bobSpy = new SpyClassicalChannel(bobEnd);
        IReconciler r = CreateReconciler();
        Task<ReconciliationResult> a = r.ReconcileAliceAsync(alice, 0.03, aliceSpy);
        ReconciliationResult b = await r.ReconcileBobAsync(bob, 0.03, bobSpy);
        await a;
        Assert.Equal(aliceSpy.ParityBitsSent + bobSpy.ParityBitsSent, b.DisclosedParityBits);
        Assert.Equal(0, bobSpy.ParityBitsSent);
        Assert.Equal(aliceSpy.BytesSent, (await a).BytesSent);
        Assert.Equal(bobSpy.MessagesSent, b.MessagesSent);
    }

    [Fact]
    public async Task ReconcileBob_TwoPercentQber_RoundsIndependentOfErrorCount()
    {
        // Batching: rounds grow with passes and log2(block size), not with the ~2000 errors.
        var (alice, bob, errors) = SimulatedKeyPair.Create(100_000, 0.02, new Random(11));
        var (_, b) = await RunAsync(alice, bob, 0.02);
        Assert.Equal(alice, bob);
        Assert.True(b.Rounds < errors / 4, $"{b.Rounds} rounds for {errors} errors");
    }

    [Fact]
    public async Task ReconcileBob_KeyLengthsDiffer_AliceRejectsStart()
    {
        var (alice, _, _) = SimulatedKeyPair.Create(1000, 0.02, new Random(12));
        var (bob, _, _) = SimulatedKeyPair.Create(1001, 0.02, new Random(13));
        var (aliceEnd, bobEnd) = InMemoryClassicalChannel.CreatePair();
        IReconciler r = CreateReconciler();
        Task<ReconciliationResult> a = r.ReconcileAliceAsync(alice, 0.02, aliceEnd);
        Task<ReconciliationResult> b = r.ReconcileBobAsync(bob, 0.02, bobEnd);
        await Assert.ThrowsAsync<ReconciliationProtocolException>(() => a);
        aliceEnd.Dispose();
        await Assert.ThrowsAsync<ClassicalChannelClosedException>(() => b);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(double.NaN)]
    public async Task Reconcile_QberOutOfRange_Throws(double qber)
    {
        var (aliceEnd, _) = InMemoryClassicalChannel.CreatePair();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => CreateReconciler().ReconcileAliceAsync(new BitString(10), qber, aliceEnd));
    }

    [Fact]
    public async Task Reconcile_Cancelled_Throws()
    {
        var (aliceEnd, _) = InMemoryClassicalChannel.CreatePair();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => CreateReconciler().ReconcileAliceAsync(new BitString(100), 0.02, aliceEnd, cts.Token));
    }

    protected async Task<(ReconciliationResult Alice, ReconciliationResult Bob)> RunAsync(BitString alice, BitString bob, double qber)
    {
        var (aliceEnd, bobEnd) = InMemoryClassicalChannel.CreatePair();
        IReconciler r = CreateReconciler();
        Task<ReconciliationResult> a = r.ReconcileAliceAsync(alice, qber, aliceEnd);
        ReconciliationResult b = await r.ReconcileBobAsync(bob, qber, bobEnd);
        return (await a, b);
    }
}
