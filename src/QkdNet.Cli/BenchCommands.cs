using System.CommandLine;
using System.Diagnostics;
using System.Text;
using QkdNet.PostProcessing.Pipeline;
using QkdNet.PostProcessing.Reconciliation;
using QkdNet.Quantum.KeyRate;
using QkdNet.Quantum.Physics;
using QkdNet.Quantum.Simulation;

namespace QkdNet.Cli;

/// <summary><c>qkdnet bench ...</c>: macro benchmarks of whole subsystems on this machine.</summary>
internal static partial class BenchCommands
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var bench = new Command("bench", "Macro benchmarks of whole subsystems on this machine.");
        bench.Subcommands.Add(Postprocess(stdout, stderr));
        bench.Subcommands.Add(Cascade(stdout, stderr));
        bench.Subcommands.Add(BenchKmeCommand.Create(stdout));
        bench.Subcommands.Add(Simulate(stdout));
        bench.Subcommands.Add(LinkMemory(stdout));
        bench.Subcommands.Add(Pacer(stdout));
        return bench;
    }

    private static Command Postprocess(TextWriter stdout, TextWriter stderr)
    {
        var qber = new Option<double>("--qber") { Description = "Target QBER of the simulated link (its misalignment), in (0, 0.11].", DefaultValueFactory = _ => 0.03 };
        var blockBits = new Option<double>("--block-bits") { Description = "Sifted signal bits per block, 1e4 to 1e8.", DefaultValueFactory = _ => 1e6 };
        var blocks = new Option<int>("--blocks") { Description = "Blocks to measure, 1 to 100.", DefaultValueFactory = _ => 3 };
        var warmup = new Option<int>("--warmup") { Description = "Blocks run first and not counted (JIT tiering, heap growth), 0 to 100.", DefaultValueFactory = _ => 3 };
        var variant = new Option<string>("--reconciler") { Description = "Cascade variant: original, opt7 or opt8.", DefaultValueFactory = _ => "opt8" };
        variant.AcceptOnlyFromAmong("original", "opt7", "opt8");
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("postprocess", "Throughput of each post-processing stage and of the whole pipeline, in sifted bits per second, and f.");
        foreach (var o in new Option[] { qber, blockBits, blocks, warmup, variant, json })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            double q = parse.GetValue(qber), bits = parse.GetValue(blockBits);
            int n = parse.GetValue(blocks), warm = parse.GetValue(warmup);
            if (!(q > 0 && q <= 0.11))
            {
                throw new UsageException($"--qber must be in (0, 0.11], got {q}.");
            }

            if (!(bits >= 1e4 && bits <= 1e8))
            {
                throw new UsageException($"--block-bits must be from 1e4 to 1e8, got {bits}.");
            }

            if (n is < 1 or > 100)
            {
                throw new UsageException($"--blocks must be from 1 to 100, got {n}.");
            }

            if (warm is < 0 or > 100)
            {
                throw new UsageException($"--warmup must be from 0 to 100, got {warm}.");
            }

            CascadeParameters cascade = parse.GetValue(variant) switch
            {
                "original" => CascadeParameters.Original,
                "opt7" => CascadeParameters.OptimizedOpt7,
                _ => CascadeParameters.OptimizedOpt8,
            };
            var report = await CliProgress.RunAsync(stderr, "bench postprocess", warm + n, done => RunAsync(q, bits, n, warm, cascade, done, cancellationToken)).ConfigureAwait(false);
            stdout.WriteLine(parse.GetValue(json) ? Json.Serialize(report) : report.ToText());
            return report.Blocks.All(b => b.Outcome == nameof(BlockOutcomeKind.Key)) ? 0 : 1;
        });
        return command;
    }

    /// <summary>
    /// Blocks of a 25 km GYS link whose misalignment is the target QBER (dark counts add ~0.03 %),
    /// sized so the sifted signal bits come near <paramref name="blockBits"/>; both ends run in this
    /// process over the authenticated in-memory channel. Simulation time is not counted, nor are the
    /// <paramref name="warmup"/> blocks run first (seeds of their own): the first blocks run largely
    /// on tier-0 JIT code and grow the heap, which is start-up cost, not throughput. The pipeline rate
    /// is given per second of wall time and per second of this process's CPU time (all threads), the
    /// latter steady on a machine shared with other work.
    /// </summary>
    private static async Task<PostprocessBench> RunAsync(double qber, double blockBits, int blocks, int warmup, CascadeParameters cascade, Action<string> done, CancellationToken cancellationToken)
    {
        QkdLink gys = LinkPresets.Create("gys", 25).Value;
        QkdLink link = LinkOptions.Check(QkdLink.Create(gys.Source, gys.Channel, gys.Detector, qber, gys.ErrorCorrectionEfficiency, gys.SiftingFactor));
        double siftedPerPulse = link.Source.SignalProbability * LinkStatistics.ForIntensity(link, Intensity.Signal).Gain * 0.5;
        long pulses = (long)Math.Ceiling(blockBits / siftedPerPulse);
        var options = new PostProcessingOptions { SignalMu = link.Source.SignalMu, DecoyNu = link.Source.DecoyNu, Reconciler = new CascadeReconciler(cascade) };
        // Each warm-up block on a pair of its own: small blocks use more authentication key than they
        // make, so the measured blocks must start from fresh pools as they would without warm-up.
        for (int i = 0; i < warmup; i++)
        {
            using var warmPair = new PostProcessingPair(options);
            SimulationOutcome warm = PulseSimulator.Seeded(link, (ulong)(500 + i)).Run(pulses);
            await warmPair.ProcessAsync(warm.Alice, warm.Bob, cancellationToken).ConfigureAwait(false);
            done($"warm-up block {i + 1}");
        }

        using var pair = new PostProcessingPair(options);

        var rows = new List<PostprocessSummary>();
        var wall = new List<double>();
        var cpuPerBlock = new List<double>();
        using var process = Process.GetCurrentProcess();
        for (int i = 0; i < blocks; i++)
        {
            SimulationOutcome raw = PulseSimulator.Seeded(link, (ulong)(1000 + i)).Run(pulses);
            process.Refresh();
            TimeSpan cpuStart = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            var (_, bob) = await pair.ProcessAsync(raw.Alice, raw.Bob, cancellationToken).ConfigureAwait(false);
            wall.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            process.Refresh();
            cpuPerBlock.Add((process.TotalProcessorTime - cpuStart).TotalSeconds);
            rows.Add(PostprocessSummary.From(bob.Report));
            done($"block {i + 1}");
        }

        double Rate(Func<PostprocessSummary, double> ms) => rows.Sum(r => r.SiftedBits) / (rows.Sum(ms) / 1000);
        double sifted = rows.Sum(r => r.SiftedBits), cpu = cpuPerBlock.Sum();
        double[] blockMs = [.. wall.Select(s => s * 1000).Order()];
        return new PostprocessBench(qber, blockBits, cascade.Name, Environment.ProcessorCount, warmup, rows,
            Rate(r => r.SiftingMs), Rate(r => r.EstimationMs), Rate(r => r.ReconciliationMs), Rate(r => r.VerificationMs), Rate(r => r.AmplificationMs),
            sifted / wall.Sum(), sifted / cpu, rows.Average(r => r.EfficiencyF), rows.Count(r => r.Outcome != nameof(BlockOutcomeKind.Key)))
        {
            CpuMillisecondsPerSiftedMbit = cpu * 1000 / (sifted / 1e6),
            BlockCpuMilliseconds = [.. cpuPerBlock.Select(s => s * 1000)],
            BlockWallMillisecondsP50 = Percentile(blockMs, 0.50),
            BlockWallMillisecondsP99 = Percentile(blockMs, 0.99),
        };
    }

    /// <summary>The nearest-rank quantile of an ascending array (the largest value for q = 1).</summary>
    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    internal sealed record PostprocessBench(
        double Qber, double BlockBits, string Reconciler, int Cores, int WarmupBlocks, IReadOnlyList<PostprocessSummary> Blocks,
        double SiftingBitsPerSecond, double EstimationBitsPerSecond, double ReconciliationBitsPerSecond,
        double VerificationBitsPerSecond, double AmplificationBitsPerSecond, double PipelineBitsPerSecond, double PipelineBitsPerCpuSecond,
        double MeanEfficiencyF, int FailedBlocks)
    {
        /// <summary>CPU time of this process (all threads: both ends, GC) per 1e6 sifted bits, in ms.</summary>
        public double CpuMillisecondsPerSiftedMbit { get; init; }

        /// <summary>Process CPU time of each measured block, in ms (both ends together).</summary>
        public IReadOnlyList<double> BlockCpuMilliseconds { get; init; } = [];

        /// <summary>Median wall time of a block (both ends, all stages), in ms.</summary>
        public double BlockWallMillisecondsP50 { get; init; }

        /// <summary>99th percentile (nearest rank) of a block's wall time, in ms; with under 100 blocks, the slowest.</summary>
        public double BlockWallMillisecondsP99 { get; init; }

        public string ToText()
        {
            var b = new StringBuilder();
            b.AppendLine($"post-processing benchmark: QBER {Qber:P1}, {BlockBits:E1} sifted bits per block, {Blocks.Count} blocks, {Reconciler}, {Cores} cores; steady state: {WarmupBlocks} warm-up blocks run first, not counted");
            b.AppendLine("block  outcome  sifted    QBER     f      rounds  secret    sift ms  est ms  rec ms   ver ms  PA ms");
            for (int i = 0; i < Blocks.Count; i++)
            {
                var r = Blocks[i];
                b.AppendLine($"{i,-5}  {r.Outcome,-7}  {r.SiftedBits,-8}  {r.Qber,-7:P3}  {r.EfficiencyF,-5:0.000}  {r.Rounds,-6}  {r.SecretKeyBits,-8}  {r.SiftingMs,7:0.0}  {r.EstimationMs,6:0.0}  {r.ReconciliationMs,7:0.0}  {r.VerificationMs,6:0.0}  {r.AmplificationMs,6:0.0}");
            }

            b.AppendLine($"stage throughput, sifted Mbit/s: sifting {SiftingBitsPerSecond / 1e6:0.0}, estimation {EstimationBitsPerSecond / 1e6:0.0}, reconciliation {ReconciliationBitsPerSecond / 1e6:0.0}, verification {VerificationBitsPerSecond / 1e6:0.0}, privacy amplification {AmplificationBitsPerSecond / 1e6:0.0}");
            b.AppendLine($"pipeline: {PipelineBitsPerSecond / 1e6:0.00} Mbit/s of sifted key (wall time, both ends in this process), {PipelineBitsPerCpuSecond / 1e6:0.00} Mbit/s per CPU-second (process CPU time, all threads); mean f {MeanEfficiencyF:0.000}; failed blocks {FailedBlocks}");
            b.Append($"cost: {CpuMillisecondsPerSiftedMbit:0.0} ms of CPU per sifted Mbit (both ends); block wall time p50 {BlockWallMillisecondsP50:0.0} ms, p99 {BlockWallMillisecondsP99:0.0} ms; block CPU {string.Join(", ", BlockCpuMilliseconds.Select(c => c.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))} ms");
            return b.ToString();
        }
    }
}
