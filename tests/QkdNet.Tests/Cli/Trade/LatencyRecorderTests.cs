using QkdNet.Cli.Trade;

namespace QkdNet.Tests.Cli.Trade;

public sealed class LatencyRecorderTests
{
    [Fact]
    public void Summary_GivesPercentilesInMicroseconds_FromIntendedToAnswered()
    {
        var recorder = new LatencyRecorder(timestampFrequency: 1_000_000_000);
        for (int i = 1; i <= 1000; i++)
        {
            recorder.Record(intendedTimestamp: 0, answeredTimestamp: i * 1_000L); // 1..1000 us
        }

        LatencySummary summary = recorder.Summary();

        Assert.Equal(1000, summary.Count);
        Assert.InRange(summary.P50, 499, 501);
        Assert.InRange(summary.P99, 989, 991);
        Assert.InRange(summary.Max, 999, 1001);
    }

    [Fact]
    public void Summary_NothingRecorded_IsNaNSoTheReportWritesNull()
    {
        LatencySummary summary = new LatencyRecorder(1_000_000).Summary();

        Assert.True(double.IsNaN(summary.P999));
        Assert.Equal(0, summary.Count);
    }
}
