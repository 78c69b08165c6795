using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using QkdNet.Cli.Bench;
using QkdNet.PostProcessing.Pipeline;
using QkdNet.Quantum;
using QkdNet.Quantum.Physics;

namespace QkdNet.Cli;

internal static partial class BenchCommands
{
    /// <summary>
    /// <c>bench link-memory</c>: what a node holds while one simulated link fills (issue 17, memory): the link a
    /// <c>LinkFeeder</c> runs for a simulated source, in this process, blocks taken as the feeder takes them, and after
    /// each delivered block the resident set, the GC's committed memory and heap, the bytes allocated and the CPU time.
    /// </summary>
    private static Command LinkMemory(TextWriter stdout)
    {
        var options = new LinkOptions();
        var blocks = new Option<int>("--blocks") { Description = "Blocks to run, 1 to 50 (a block whose key refills the authentication pools delivers none).", DefaultValueFactory = _ => 6 };
        var siftedBits = new Option<double>("--sifted-bits") { Description = "Sifted bits per block, 1e5 to 1e7 (the node's default is 2e6).", DefaultValueFactory = _ => 2e6 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var release = new Option<BlockMemoryRelease>("--release") { Description = "What the link does with a block's dead memory: Aggressive (the default, as a node runs it), Compact or None.", DefaultValueFactory = _ => BlockMemoryRelease.Aggressive };
        var allocations = new Option<bool>("--allocations") { Description = "Also sample allocations by type (GC AllocationTick events) and print the largest." };
        var command = new Command("link-memory", "Resident memory, GC heap, allocation and CPU per block of one simulated link filling, as a node runs it.");
        options.AddTo(command);
        command.Options.Add(blocks);
        command.Options.Add(siftedBits);
        command.Options.Add(json);
        command.Options.Add(release);
        command.Options.Add(allocations);
        command.SetAction(async (parse, cancellationToken) =>
        {
            int n = parse.GetValue(blocks);
            double bits = parse.GetValue(siftedBits);
            if (n is < 1 or > 50 || !(bits >= 1e5 && bits <= 1e7))
            {
                throw new UsageException($"need 1 <= --blocks <= 50 and 1e5 <= --sifted-bits <= 1e7; got {n}, {bits}.");
            }

            QkdLink physics = options.Build(parse, parse.GetValue(options.DistanceKm));
            using var link = new SimulatedQkdLink("bench", physics, SimulatedQkdLink.RecommendedPulsesPerBlock(physics, bits))
            {
                MemoryRelease = parse.GetValue(release),
            };
            using Process self = Process.GetCurrentProcess();
            using AllocationSampler? sampler = parse.GetValue(allocations) ? new AllocationSampler() : null;
            var rows = new List<LinkMemoryRow>();
            for (int i = 0; i < n; i++)
            {
                ResetPeakResident();
                TimeSpan cpu = self.TotalProcessorTime;
                long allocated = GC.GetTotalAllocatedBytes(precise: false);
                // One block run as the feeder runs it; a block whose key refilled the authentication pools delivers none.
                (BlockReport report, _) = await link.RunBlockAsync(cancellationToken).ConfigureAwait(false);
                int keyBits = report.DeliveredKeyBits;
                if (keyBits > 0)
                {
                    SecretKeyBlock alice = await link.Alice.NextKeyBlockAsync(cancellationToken).ConfigureAwait(false);
                    SecretKeyBlock bob = await link.Bob.NextKeyBlockAsync(cancellationToken).ConfigureAwait(false);
                    alice.Key.Clear();
                    bob.Key.Clear();
                }

                self.Refresh();
                GCMemoryInfo gc = GC.GetGCMemoryInfo();
                rows.Add(new LinkMemoryRow(
                    i + 1,
                    keyBits,
                    self.WorkingSet64 / 1048576.0,
                    PeakResidentMib(),
                    gc.TotalCommittedBytes / 1048576.0,
                    gc.HeapSizeBytes / 1048576.0,
                    (GC.GetTotalAllocatedBytes(precise: false) - allocated) / 1048576.0,
                    (self.TotalProcessorTime - cpu).TotalSeconds));
            }

            IReadOnlyList<(string Type, long Bytes)> top = sampler?.Top(12) ?? [];
            self.Refresh();
            // the kernel's peak is reset before each block, so the run's peak is the largest block peak
            double peak = rows.Any(r => !double.IsNaN(r.BlockPeakResidentMib)) ? rows.Max(r => r.BlockPeakResidentMib) : self.PeakWorkingSet64 / 1048576.0;
            stdout.WriteLine(parse.GetValue(json)
                ? Json.Serialize(new { preset = parse.GetValue(options.Preset), distanceKm = parse.GetValue(options.DistanceKm), siftedBitsPerBlock = bits, release = parse.GetValue(release).ToString(), gcServer = GCSettings.IsServerGC, peakWorkingSetMib = peak, blocks = rows, sampledAllocationsMib = top.Select(t => new { type = t.Type, mib = t.Bytes / 1048576.0 }) })
                : string.Join('\n', rows.Select(r => string.Create(CultureInfo.InvariantCulture,
                    $"block {r.Block}: {r.KeyBits} key bits, RSS {r.ResidentMib:0} MiB (peak in the block {r.BlockPeakResidentMib:0}), GC committed {r.GcCommittedMib:0} MiB, heap {r.GcHeapMib:0} MiB, allocated {r.AllocatedMib:0} MiB, CPU {r.CpuSeconds:0.00} s")))
                    + string.Create(CultureInfo.InvariantCulture, $"\npeak working set {peak:0} MiB")
                    + string.Concat(top.Select(t => string.Create(CultureInfo.InvariantCulture, $"\n  sampled {t.Bytes / 1048576.0,8:0.0} MiB  {t.Type}"))));
            return 0;
        });
        return command;
    }

    /// <summary>Resets the kernel's peak resident set of this process (Linux: 5 to /proc/self/clear_refs), so the next read gives one block's peak.</summary>
    private static void ResetPeakResident()
    {
        if (File.Exists("/proc/self/clear_refs"))
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
    }

    /// <summary>The peak resident set since the last reset, in MiB (VmHWM of /proc/self/status); NaN where there is none.</summary>
    private static double PeakResidentMib()
    {
        if (!File.Exists("/proc/self/status"))
        {
            return double.NaN;
        }

        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>One delivered block of <c>bench link-memory</c>; BlockPeakResidentMib is the resident set's peak during the block (Linux only).</summary>
    private sealed record LinkMemoryRow(int Block, int KeyBits, double ResidentMib, double BlockPeakResidentMib, double GcCommittedMib, double GcHeapMib, double AllocatedMib, double CpuSeconds);
}
