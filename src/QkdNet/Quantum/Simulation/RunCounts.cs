namespace QkdNet.Quantum.Simulation;

/// <summary>Per-intensity tallies of a run (indexed by intensity).</summary>
internal sealed class RunCounts
{
    public long[] Pulses { get; } = new long[3];

    public long[] Detections { get; } = new long[3];

    public long[] Sifted { get; } = new long[3];

    public long[] Errors { get; } = new long[3];
}
