using BenchmarkDotNet.Running;
using QkdNet.Benchmarks;

if (args.Length > 0 && args[0] == "cpu")
{
    CpuHarness.Run(args);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
