namespace QkdNet.Simulation;

/// <summary>
/// The one clock of a simulation run as a <see cref="TimeProvider"/>, so library code that takes a time provider
/// (the controller's link-health monitor) runs on simulated time. Only the event loop advances it. Not thread-safe.
/// </summary>
internal sealed class SimulationClock : TimeProvider
{
    /// <summary>Simulated time 0 (an arbitrary fixed instant, so runs are reproducible).</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Seconds since <see cref="Epoch"/>.</summary>
    public double Seconds { get; private set; }

    /// <summary>Moves the clock to <paramref name="seconds"/>; time never runs backwards.</summary>
    public void AdvanceTo(double seconds)
    {
        if (seconds < Seconds)
        {
            throw new InvalidOperationException($"The clock cannot go back from {Seconds} s to {seconds} s.");
        }

        Seconds = seconds;
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => Epoch.AddTicks((long)(Seconds * TimeSpan.TicksPerSecond));
}
