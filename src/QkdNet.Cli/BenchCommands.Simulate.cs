using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using QkdNet.Control.Topology;
using QkdNet.Simulation;

namespace QkdNet.Cli;

internal static partial class BenchCommands
{
    /// <summary><c>bench simulate</c>: one run on a generated wide-area network, timed on one thread, with its memory.</summary>
    private static Command Simulate(TextWriter stdout)
    {
        var nodes = new Option<int>("--nodes") { Description = "Trusted nodes of the generated network (WideAreaTopologyGenerator), 2 to 5000.", DefaultValueFactory = _ => 1000 };
        var users = new Option<int>("--users") { Description = "Users, 0 to 10000000.", DefaultValueFactory = _ => 100_000 };
        var hours = new Option<double>("--hours") { Description = "Simulated hours, (0, 8784].", DefaultValueFactory = _ => 24 };
        var seed = new Option<int>("--seed") { Description = "Seed of the generated network and of the run.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("simulate", "Wall time and memory of a 'simulate' run on a generated wide-area network (default scenario).");
        foreach (Option o in new Option[] { nodes, users, hours, seed, json })
        {
            command.Options.Add(o);
        }

        command.SetAction((parse, cancellation) =>
        {
            int n = parse.GetValue(nodes), u = parse.GetValue(users), s = parse.GetValue(seed);
            double h = parse.GetValue(hours);
            if (n is < 2 or > 5000 || u is < 0 or > 10_000_000 || !(h > 0 && h <= 8784))
            {
                throw new UsageException($"need 2 <= --nodes <= 5000, 0 <= --users <= 10000000 and 0 < --hours <= 8784; got {n}, {u}, {h}.");
            }

            NetworkTopology topology = WideAreaTopologyGenerator.Generate(n, s);
            var input = new SimulationInput(topology, SimulationScenario.Default with { Users = u, Hours = h });
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            SimulationReport r = WanSimulation.Run(input, (ulong)s, cancellation).Value;
            double seconds = watch.Elapsed.TotalSeconds;
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            using var process = Process.GetCurrentProcess();
            long peak = process.PeakWorkingSet64;
            stdout.WriteLine(parse.GetValue(json)
                ? Json.Serialize(new { nodes = n, links = topology.Links.Count, users = u, hours = h, r.Requests, r.KeysDelivered, r.BlockingProbability, r.EventsProcessed, wallSeconds = seconds, allocatedBytes = allocated, peakWorkingSetBytes = peak })
                : string.Create(CultureInfo.InvariantCulture,
                    $"{n} nodes, {topology.Links.Count} links, {u} users, {h} h: {r.Requests} requests, {r.EventsProcessed} events in {seconds:0.00} s wall (one thread); allocated {allocated / 1048576.0:0} MiB; peak working set {peak / 1048576.0:0} MiB; blocking {r.BlockingProbability:0.####}"));
            return Task.FromResult(0);
        });
        return command;
    }
}
