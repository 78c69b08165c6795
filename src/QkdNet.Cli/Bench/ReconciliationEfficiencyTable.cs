using System.Diagnostics;
using System.Globalization;
using System.Text;
using QkdNet.PostProcessing.Channel;
using QkdNet.Primitives;

using QkdNet.PostProcessing.Reconciliation;

namespace QkdNet.Cli.Bench;

/// <summary>
/// Measures a reconciler over many simulated blocks: efficiency, rounds, messages, frame errors and
/// throughput, for the <c>qkdnet bench postprocess</c> command and docs/PERFORMANCE.md.
/// </summary>
/// <remarks>
/// Each run plays both ends in this process over an <see cref="InMemoryClassicalChannel"/>, so the
/// throughput includes both engines (and whatever parallelism the thread pool gives them); key
/// generation is not timed. Results are reproducible from the seed except for the timings and the
/// public permutation seeds, which Bob draws afresh each run.
/// </remarks>
internal sealed class ReconciliationEfficiencyTable
{
    private readonly IReconciler _reconciler;
    private readonly TimeProvider _time;

    public ReconciliationEfficiencyTable(IReconciler reconciler, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(reconciler);
        _reconciler = reconciler;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Header line matching <see cref="Format"/>.</summary>
    public static string Header =>
        "variant          qber   n         blocks  f       disclosed   rounds  messages  bytes      frame_err  Mbit/s  Mbit/s_cpu";

    /// <summary>One row as a fixed-width text line.</summary>
    public static string Format(ReconciliationEfficiencyRow r) => string.Create(
        CultureInfo.InvariantCulture,
        $"{r.VariantName,-16} {r.Qber,-6:0.###} {r.KeyLengthBits,-9} {r.Blocks,-7} {r.MeanEfficiency,-7:0.000} {r.MeanDisclosedBits,-11:0} {r.MeanRounds,-7:0.0} {r.MeanMessages,-9:0.0} {r.MeanBytes,-10:0} {r.FrameErrors,-10} {r.ThroughputMbps,-7:0.0} {r.CpuThroughputMbps:0.0}");

    /// <summary>Measures every combination of <paramref name="qbers"/> and <paramref name="keyLengths"/>.</summary>
    public async Task<string> RenderAsync(
        IEnumerable<double> qbers, IEnumerable<int> keyLengths, int blocks, int seed, CancellationToken ct = default)
    {
        var text = new StringBuilder().AppendLine(Header);
        foreach (int n in keyLengths)
        {
            foreach (double q in qbers)
            {
                text.AppendLine(Format(await MeasureAsync(q, n, blocks, seed, ct).ConfigureAwait(false)));
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Runs <paramref name="blocks"/> reconciliations of <paramref name="n"/>-bit keys at
    /// <paramref name="qber"/>, after <paramref name="warmupBlocks"/> uncounted ones (keys from a
    /// generator of their own, so the counted blocks do not depend on the warm-up).
    /// </summary>
    public async Task<ReconciliationEfficiencyRow> MeasureAsync(
        double qber, int n, int blocks, int seed, CancellationToken ct = default, int warmupBlocks = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blocks, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupBlocks);
        var warmupRandom = new Random(~seed);
        for (int i = 0; i < warmupBlocks; i++)
        {
            var (alice, bob, _) = SimulatedKeyPair.Create(n, qber, warmupRandom);
            await RunOnceAsync(alice, bob, qber, ct).ConfigureAwait(false);
        }

        var random = new Random(seed);
        double sumF = 0, sumDisclosed = 0, sumRounds = 0, sumMessages = 0, sumBytes = 0;
        int frameErrors = 0;
        TimeSpan elapsed = TimeSpan.Zero, cpu = TimeSpan.Zero;
        using var process = Process.GetCurrentProcess();
        for (int i = 0; i < blocks; i++)
        {
            var (alice, bob, errors) = SimulatedKeyPair.Create(n, qber, random);
            process.Refresh();
            TimeSpan cpuStarted = process.TotalProcessorTime;
            long started = _time.GetTimestamp();
            var (ar, b) = await RunOnceAsync(alice, bob, qber, ct).ConfigureAwait(false);
            elapsed += _time.GetElapsedTime(started);
            process.Refresh();
            cpu += process.TotalProcessorTime - cpuStarted;
            double realised = Math.Max(errors, 1) / (double)n;
            sumF += b.DisclosedParityBits / (n * Entropy.Binary(realised));
            sumDisclosed += b.DisclosedParityBits;
            sumRounds += b.Rounds;
            sumMessages += b.MessagesSent + ar.MessagesSent;
            sumBytes += b.BytesSent + ar.BytesSent;
            if (!alice.Equals(bob))
            {
                frameErrors++;
            }
        }

        return new ReconciliationEfficiencyRow(
            _reconciler.Name, qber, n, blocks, sumF / blocks, sumDisclosed / blocks, sumRounds / blocks,
            sumMessages / blocks, sumBytes / blocks, frameErrors, (double)n * blocks / elapsed.TotalSeconds / 1e6,
            (double)n * blocks / cpu.TotalSeconds / 1e6);
    }

    private async Task<(ReconciliationResult Alice, ReconciliationResult Bob)> RunOnceAsync(BitString alice, BitString bob, double qber, CancellationToken ct)
    {
        var (aliceEnd, bobEnd) = InMemoryClassicalChannel.CreatePair();
        Task<ReconciliationResult> a = _reconciler.ReconcileAliceAsync(alice, qber, aliceEnd, ct);
        ReconciliationResult b = await _reconciler.ReconcileBobAsync(bob, qber, bobEnd, ct).ConfigureAwait(false);
        return (await a.ConfigureAwait(false), b);
    }
}
