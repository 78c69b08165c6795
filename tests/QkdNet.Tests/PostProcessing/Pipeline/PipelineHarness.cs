using QkdNet.PostProcessing.Channel;
using QkdNet.PostProcessing.Pipeline;
using QkdNet.PostProcessing.Reconciliation;
using QkdNet.Quantum.Physics;
using QkdNet.Quantum.Simulation;

namespace QkdNet.Tests.PostProcessing.Pipeline;

/// <summary>Runs both engines on a simulated block over an in-memory channel.</summary>
internal static class PipelineHarness
{
    /// <summary>Options whose public randomness (sample and permutation seeds) is seeded, so runs are reproducible.</summary>
    public static PostProcessingOptions Options(QkdLink link, int seed = 77, CascadeParameters? cascade = null)
    {
        var random = new Random(seed);
        Func<byte[]> seeds = () =>
        {
            var bytes = new byte[32];
            random.NextBytes(bytes);
            return bytes;
        };
        return new() { SignalMu = link.Source.SignalMu, DecoyNu = link.Source.DecoyNu, PublicSeeds = seeds, Reconciler = new CascadeReconciler(cascade ?? CascadeParameters.Optimized, seeds) };
    }

    public static async Task<(BlockOutcome Alice, BlockOutcome Bob)> RunAsync(QkdLink link, long pulses, ulong seed, Eavesdropper? eve = null,
        PostProcessingOptions? options = null, Func<IClassicalChannel, IClassicalChannel>? wrapAlice = null, Func<IClassicalChannel, IClassicalChannel>? wrapBob = null)
    {
        SimulationOutcome outcome = PulseSimulator.Seeded(link, seed, eve).Run(pulses);
        options ??= Options(link);
        var (a, b) = InMemoryClassicalChannel.CreatePair();
        IClassicalChannel alice = wrapAlice?.Invoke(a) ?? a, bob = wrapBob?.Invoke(b) ?? b;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Task<BlockOutcome> aliceTask = new AliceEngine(options).RunAsync(outcome.Alice, alice, timeout.Token);
        Task<BlockOutcome> bobTask = new BobEngine(options).RunAsync(outcome.Bob, bob, timeout.Token);

        // A failing end must not leave the other waiting: close both directions at the first fault.
        void CloseOnFault(Task t)
        {
            if (t.IsFaulted)
            {
                a.Dispose();
                b.Dispose();
            }
        }

        _ = aliceTask.ContinueWith(CloseOnFault, TaskScheduler.Default);
        _ = bobTask.ContinueWith(CloseOnFault, TaskScheduler.Default);
        await Task.WhenAll(aliceTask, bobTask);

        return (aliceTask.Result, bobTask.Result);
    }
}
