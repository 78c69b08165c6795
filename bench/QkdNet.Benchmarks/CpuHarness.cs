using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace QkdNet.Benchmarks;

/// <summary>
/// Process CPU time per call of each [Benchmark] method of one class, for a loaded machine where
/// BenchmarkDotNet's wall-clock figures mean nothing: <c>cpu ClassName [repetitions] [warmup] [method]</c>
/// (only the named method when one is given, e.g. to profile it alone).
/// CPU counts every thread (the GC's included), so allocation is paid for.
/// </summary>
internal static class CpuHarness
{
    public static void Run(string[] args)
    {
        string name = args.Length > 1 ? args[1] : throw new ArgumentException("usage: cpu ClassName [repetitions] [warmup] [method]");
        int repetitions = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30;
        int warmup = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
        Type type = typeof(CpuHarness).Assembly.GetTypes().Single(t => t.Name == name);
        object instance = Activator.CreateInstance(type)!;
        foreach (MethodInfo setup in type.GetMethods().Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null))
        {
            setup.Invoke(instance, null);
        }

        using var process = Process.GetCurrentProcess();
        string? only = args.Length > 4 ? args[4] : null;
        foreach (MethodInfo method in type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null && (only is null || m.Name == only)))
        {
            for (int i = 0; i < warmup; i++)
            {
                method.Invoke(instance, null);
            }

            process.Refresh();
            int gen2 = GC.CollectionCount(2);
            TimeSpan paused = GC.GetTotalPauseDuration();
            long allocated = GC.GetTotalAllocatedBytes();
            TimeSpan cpu = process.TotalProcessorTime;
            long wall = Stopwatch.GetTimestamp();
            for (int i = 0; i < repetitions; i++)
            {
                method.Invoke(instance, null);
            }

            process.Refresh();
            double cpuMs = (process.TotalProcessorTime - cpu).TotalMilliseconds / repetitions;
            double wallMs = Stopwatch.GetElapsedTime(wall).TotalMilliseconds / repetitions;
            double pausedMs = (GC.GetTotalPauseDuration() - paused).TotalMilliseconds / repetitions;
            double allocatedMb = (GC.GetTotalAllocatedBytes() - allocated) / 1e6 / repetitions;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}.{method.Name}: cpu {cpuMs:0.00} ms, wall {wallMs:0.00} ms per call; {allocatedMb:0.00} MB allocated per call, {GC.CollectionCount(2) - gen2} gen2 GCs, GC pauses {pausedMs:0.00} ms per call"));
        }
    }
}
