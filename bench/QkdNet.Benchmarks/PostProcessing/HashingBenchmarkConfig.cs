using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace QkdNet.Benchmarks.PostProcessing;

/// <summary>Memory diagnoser plus the Mbit/s column for the hashing benchmarks.</summary>
public sealed class HashingBenchmarkConfig : ManualConfig
{
    public HashingBenchmarkConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new HashingThroughputColumn());
    }
}
