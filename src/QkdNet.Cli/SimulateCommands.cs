using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using QkdNet.Control.Topology;
using QkdNet.Simulation;

namespace QkdNet.Cli;

/// <summary><c>qkdnet simulate</c>: a discrete-event run of a whole network from a topology file, and <c>simulate sweep</c>.</summary>
internal static class SimulateCommands
{
    public static Command Create(TextWriter stdout)
    {
        var topology = new Option<string>("--topology") { Description = "Topology file (JSON, or YAML by extension) with an optional simulation section.", Required = true };
        var users = new Option<int?>("--users") { Description = "Users (SAEs) placed by population weight; overrides the file." };
        var hours = new Option<double?>("--hours") { Description = "Simulated hours; overrides the file." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the run (same seed, same result).", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var report = new Option<string?>("--report") { Description = "Folder for the report: index.html, SVG plots, CSV." };
        var command = new Command("simulate", "Discrete-event simulation of a QKD network: pools, key-aware relays, faults, satellites; blocking and key per user.");
        foreach (Option o in new Option[] { topology, users, hours, seed, json, report })
        {
            command.Options.Add(o);
        }

        command.SetAction((parse, cancellation) =>
        {
            SimulationInput input = Load(parse.GetValue(topology)!, parse.GetValue(users), parse.GetValue(hours));
            var watch = Stopwatch.StartNew();
            SimulationReport result = Check(WanSimulation.Run(input, parse.GetValue(seed), cancellation));
            double seconds = watch.Elapsed.TotalSeconds;
            string? folder = parse.GetValue(report);
            string? index = folder is null ? null : Check(ReportFolder.Write(folder, result, input.Topology));
            stdout.WriteLine(parse.GetValue(json) ? Json.Serialize(ToJson(result, seconds, index)) : Text(result, seconds, index));
            return Task.FromResult(0);
        });
        command.Subcommands.Add(Sweep(stdout));
        return command;
    }

    private static Command Sweep(TextWriter stdout)
    {
        var topology = new Option<string>("--topology") { Description = "Topology file with an optional simulation section.", Required = true };
        var users = new Option<string>("--users") { Description = "Comma-separated user counts, one run each.", DefaultValueFactory = _ => "1000,2000,5000,10000,20000" };
        var hours = new Option<double?>("--hours") { Description = "Simulated hours; overrides the file." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of every run.", DefaultValueFactory = _ => 1 };
        var parallel = new Option<int>("--parallel") { Description = "Runs at once (default: the processor count).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("sweep", "Blocking, delivered keys and hops against the number of users; the points run in parallel across cores.");
        foreach (Option o in new Option[] { topology, users, hours, seed, parallel, json })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, cancellation) =>
        {
            int[] counts = ParseCounts(parse.GetValue(users)!);
            int degree = parse.GetValue(parallel);
            if (degree is < 1 or > 256)
            {
                throw new UsageException($"--parallel must be from 1 to 256, got {degree}.");
            }

            SimulationInput input = Load(parse.GetValue(topology)!, null, parse.GetValue(hours));
            var points = new SweepPoint[counts.Length];
            await Parallel.ForAsync(0, counts.Length, new ParallelOptions { MaxDegreeOfParallelism = degree, CancellationToken = cancellation }, (i, ct) =>
            {
                // Each point is its own run with its own generator: the result does not depend on the order the points finish.
                SimulationInput point = input with { Scenario = input.Scenario with { Users = counts[i] } };
                SimulationReport r = Check(WanSimulation.Run(point, parse.GetValue(seed), ct));
                points[i] = new SweepPoint(counts[i], r.Requests, r.KeysDelivered, r.BlockingProbability, r.MeanHops, r.MeanWaitSeconds);
                return ValueTask.CompletedTask;
            }).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                stdout.WriteLine(Json.Serialize(new { network = input.Topology.Name, points }));
            }
            else
            {
                var text = new StringBuilder("users     requests  delivered  blocking   mean_hops  mean_wait_s\n");
                foreach (SweepPoint p in points)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{p.Users,-9} {p.Requests,-9} {p.KeysDelivered,-10} {p.BlockingProbability,-10:0.######} {p.MeanHops,-10:0.###} {p.MeanWaitSeconds:0.###}\n");
                }

                stdout.Write(text);
            }

            return 0;
        });
        return command;
    }

    /// <summary>The file's input, with the command line's users and hours in place of the file's when given.</summary>
    internal static SimulationInput Load(string path, int? users, double? hours)
    {
        if (users is { } u && u is < 0 or > 10_000_000)
        {
            throw new UsageException($"--users must be from 0 to 10000000, got {u}.");
        }

        if (hours is { } h && !(h > 0 && h <= 24 * 366))
        {
            throw new UsageException($"--hours must be in (0, 8784], got {h}.");
        }

        SimulationInput input = Check(ScenarioFile.Load(path));
        return input with { Scenario = input.Scenario with { Users = users ?? input.Scenario.Users, Hours = hours ?? input.Scenario.Hours } };
    }

    private static int[] ParseCounts(string text)
    {
        var counts = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n is < 1 or > 10_000_000)
            {
                throw new UsageException($"--users must be comma-separated counts from 1 to 10000000, got '{part}'.");
            }

            counts.Add(n);
        }

        return counts.Count is > 0 and <= 64 ? [.. counts] : throw new UsageException("--users needs 1 to 64 counts.");
    }

    private static T Check<T>(Result<T> result) => result.IsSuccess ? result.Value : throw new UsageException(result.Error!.Replace("\n", "\n  ", StringComparison.Ordinal));

    private static object ToJson(SimulationReport r, double seconds, string? index) => new
    {
        network = r.Network,
        seed = r.Seed,
        hours = r.Hours,
        nodes = r.Nodes,
        links = r.Links,
        users = r.Users,
        requests = r.Requests,
        keysDelivered = r.KeysDelivered,
        blocked = r.Blocked,
        blockingProbability = r.BlockingProbability,
        blockedBy = r.BlockedBy,
        meanWaitSeconds = r.MeanWaitSeconds,
        maxWaitSeconds = r.MaxWaitSeconds,
        meanHops = r.MeanHops,
        meanTrustedNodes = r.MeanTrustedNodes,
        hopHistogram = r.HopHistogram,
        userKeyBits = r.UserKey,
        bottleneckLinks = r.BottleneckLinks,
        quarantines = r.Quarantines,
        linkKey = r.LinkOutcomes.Select(l => new { l.Link, l.NominalRateBps, l.SuppliedBits, l.WastedBits, l.ConsumedBits, l.Relays, l.BlockedRequests, l.Utilisation, l.DownSeconds, l.PassSeconds }),
        sampleHours = r.SampleHours,
        meanPoolFraction = r.MeanPoolFraction,
        blockingOverTime = r.BlockingOverTime,
        eventsProcessed = r.EventsProcessed,
        wallSeconds = seconds,
        report = index,
        nullMeans = "blocking_over_time is null for an interval without requests",
    };

    private static string Text(SimulationReport r, double seconds, string? index) => string.Create(CultureInfo.InvariantCulture, $"""
        {r.Network}: {r.Nodes} nodes, {r.Links} links, {r.Users} users, {r.Hours:0.##} h simulated (seed {r.Seed}) in {seconds:0.00} s
        requests {r.Requests}, delivered {r.KeysDelivered}, blocked {r.Blocked} (blocking probability {r.BlockingProbability:0.######}; {string.Join(", ", r.BlockedBy.Select(b => $"{b.Key} {b.Value}"))})
        wait mean {r.MeanWaitSeconds:0.###} s, max {r.MaxWaitSeconds:0.###} s; hops per key {r.MeanHops:0.###}, trusted nodes per key {r.MeanTrustedNodes:0.###}
        key per user (bits): min {r.UserKey.MinBits:0}, median {r.UserKey.MedianBits:0}, mean {r.UserKey.MeanBits:0.#}, p95 {r.UserKey.P95Bits:0}, max {r.UserKey.MaxBits:0}; {r.UserKey.UsersWithoutKey} users got none
        quarantines {r.Quarantines}; bottleneck links: {string.Join(", ", r.BottleneckLinks)}
        {(index is null ? "" : $"report: {index}")}
        """);

    private sealed record SweepPoint(int Users, long Requests, long KeysDelivered, double BlockingProbability, double MeanHops, double MeanWaitSeconds);
}
