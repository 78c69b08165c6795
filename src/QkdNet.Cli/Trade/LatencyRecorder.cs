using HdrHistogram;

namespace QkdNet.Cli.Trade;

/// <summary>
/// Round-trip latencies in an HdrHistogram (nanoseconds, 3 significant digits, up to 10 minutes), each from an
/// order's intended send time to its answer. Thread-safe.
/// </summary>
internal sealed class LatencyRecorder(long timestampFrequency)
{
    private static readonly long Highest = (long)TimeSpan.FromMinutes(10).TotalNanoseconds;
    private readonly LongHistogram _histogram = new(Highest, 3);
    private readonly Lock _gate = new();

    /// <summary>Latencies recorded.</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _histogram.TotalCount;
            }
        }
    }

    /// <summary>Records the time from <paramref name="intendedTimestamp"/> to <paramref name="answeredTimestamp"/> (ticks of the schedule's clock).</summary>
    public void Record(long intendedTimestamp, long answeredTimestamp)
    {
        long nanoseconds = (long)((answeredTimestamp - intendedTimestamp) * (1e9 / timestampFrequency));
        lock (_gate)
        {
            _histogram.RecordValue(Math.Clamp(nanoseconds, 0, Highest));
        }
    }

    /// <summary>The percentiles in microseconds; NaN (written as null) when nothing was recorded.</summary>
    public LatencySummary Summary()
    {
        lock (_gate)
        {
            if (_histogram.TotalCount == 0)
            {
                return new LatencySummary(double.NaN, double.NaN, double.NaN, double.NaN, 0);
            }

            return new LatencySummary(
                Micros(_histogram.GetValueAtPercentile(50)),
                Micros(_histogram.GetValueAtPercentile(99)),
                Micros(_histogram.GetValueAtPercentile(99.9)),
                Micros(_histogram.GetMaxValue()),
                _histogram.TotalCount);
        }
    }

    private static double Micros(long nanoseconds) => Math.Round(nanoseconds / 1000.0, 1);
}
