using System.CommandLine;
using System.Globalization;
using QkdNet.Cli.Bench;
using QkdNet.PostProcessing.Reconciliation;

namespace QkdNet.Cli;

internal static partial class BenchCommands
{
    private static Command Cascade(TextWriter stdout, TextWriter stderr)
    {
        var qbers = new Option<string>("--qber") { Description = "Comma-separated QBERs, each in (0, 0.2].", DefaultValueFactory = _ => "0.01,0.02,0.03,0.05" };
        var sizes = new Option<string>("--block-bits") { Description = "Comma-separated block sizes in bits, each 1e3 to 1e7.", DefaultValueFactory = _ => "1e5,1e6" };
        var blocks = new Option<int>("--blocks") { Description = "Blocks per row, 1 to 100000.", DefaultValueFactory = _ => 20 };
        var variant = new Option<string>("--variant") { Description = "original, opt7, opt8 or all.", DefaultValueFactory = _ => "all" };
        variant.AcceptOnlyFromAmong("original", "opt7", "opt8", "all");
        var warmup = new Option<int>("--warmup") { Description = "Blocks per row run first and not counted (JIT tiering), 0 to 100000.", DefaultValueFactory = _ => 20 };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulated keys and errors.", DefaultValueFactory = _ => 42 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("cascade", "Cascade alone: efficiency f, rounds, messages, frame errors and throughput against QBER and block size.");
        foreach (var o in new Option[] { qbers, sizes, blocks, warmup, variant, seed, json })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            double[] q = ParseList(parse.GetValue(qbers)!, "--qber", 1e-4, 0.2);
            int[] n = [.. ParseList(parse.GetValue(sizes)!, "--block-bits", 1e3, 1e7).Select(v => (int)v)];
            int count = parse.GetValue(blocks), warm = parse.GetValue(warmup);
            if (warm is < 0 or > 100_000)
            {
                throw new UsageException($"--warmup must be from 0 to 100000, got {warm}.");
            }

            if (count is < 1 or > 100_000)
            {
                throw new UsageException($"--blocks must be from 1 to 100000, got {count}.");
            }

            IEnumerable<CascadeParameters> variants = parse.GetValue(variant) switch
            {
                "original" => [CascadeParameters.Original],
                "opt7" => [CascadeParameters.OptimizedOpt7],
                "opt8" => [CascadeParameters.OptimizedOpt8],
                _ => CascadeParameters.All,
            };
            CascadeParameters[] chosen = [.. variants];
            List<ReconciliationEfficiencyRow> rows = await CliProgress.RunAsync(stderr, "bench cascade", chosen.Length * n.Length * q.Length, async done =>
            {
                var measured = new List<ReconciliationEfficiencyRow>();
                foreach (CascadeParameters p in chosen)
                {
                    var table = new ReconciliationEfficiencyTable(new CascadeReconciler(p));
                    foreach (int size in n)
                    {
                        foreach (double qber in q)
                        {
                            measured.Add(await table.MeasureAsync(qber, size, count, parse.GetValue(seed), cancellationToken, warm).ConfigureAwait(false));
                            done(string.Create(CultureInfo.InvariantCulture, $"{p.Name}, {size} bits, QBER {qber}"));
                        }
                    }
                }

                return measured;
            }).ConfigureAwait(false);
            stdout.WriteLine(parse.GetValue(json)
                ? Json.Serialize(new { cores = Environment.ProcessorCount, warmupBlocksPerRow = warm, rows })
                : string.Join('\n', rows.Select(ReconciliationEfficiencyTable.Format).Prepend(ReconciliationEfficiencyTable.Header)
                    .Append($"steady state: {warm} warm-up blocks per row run first, not counted; Mbit/s per wall-clock second, Mbit/s_cpu per second of process CPU time")));
            return 0;
        });
        return command;
    }

    private static double[] ParseList(string text, string option, double min, double max)
    {
        var values = new List<double>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v >= min && v <= max))
            {
                throw new UsageException($"{option}: '{part}' is not a number from {min} to {max}.");
            }

            values.Add(v);
        }

        return values.Count > 0 ? [.. values] : throw new UsageException($"{option} needs at least one value.");
    }
}
