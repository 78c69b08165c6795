namespace QkdNet.PostProcessing.Pipeline;

/// <summary>Measures consecutive stages with the injected clock.</summary>
internal sealed class StageClock(TimeProvider time)
{
    private long _last = time.GetTimestamp();

    /// <summary>Time since the previous lap (or creation).</summary>
    public TimeSpan Lap()
    {
        long now = time.GetTimestamp();
        TimeSpan elapsed = time.GetElapsedTime(_last, now);
        _last = now;
        return elapsed;
    }
}
