namespace QkdNet.Cli.Trade;

/// <summary>
/// Drives one link with an order flow, open loop: the warm-up block at the offered rate (not recorded), then the
/// measured orders on a fresh schedule, each round trip recorded from the order's intended send time to its
/// execution report. Orders not answered within the drain time after the last send count as failed.
/// </summary>
internal static class LinkMeasurement
{
    /// <summary>How long answers may still come in after the last order went out.</summary>
    public static readonly TimeSpan Drain = TimeSpan.FromSeconds(30);

    public static async Task<LinkResult> RunAsync(IOrderLink link, OrderFlow flow, double ordersPerSecond, TimeProvider time, CancellationToken cancellationToken)
    {
        long frequency = time.TimestampFrequency;
        var recorder = new LatencyRecorder(frequency);
        OpenLoopSchedule measured = default;
        int unanswered = flow.Messages.Length;
        var allAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await link.StartAsync(
            number =>
            {
                long now = time.GetTimestamp();
                if (number >= flow.Warmup && number < flow.Messages.Length)
                {
                    recorder.Record(measured.IntendedTimestamp(number - flow.Warmup), now);
                }

                if (Interlocked.Decrement(ref unanswered) == 0)
                {
                    allAnswered.TrySetResult();
                }
            },
            cancellationToken).ConfigureAwait(false);

        // an order that cannot go out is never answered, and counts as failed below
        async ValueTask Send(int number) => await link.SendAsync(number, flow.Messages[number], cancellationToken).ConfigureAwait(false);

        var warmup = new OpenLoopSchedule(time.GetTimestamp(), ordersPerSecond, frequency);
        await warmup.RunAsync(flow.Warmup, Send, time, cancellationToken).ConfigureAwait(false);
        measured = new OpenLoopSchedule(time.GetTimestamp() + (frequency / 100), ordersPerSecond, frequency);
        await measured.RunAsync(flow.Measured, i => Send(flow.Warmup + i), time, cancellationToken).ConfigureAwait(false);
        await Task.WhenAny(allAnswered.Task, Task.Delay(Drain, time, cancellationToken)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        LatencySummary latency = recorder.Summary();
        return new LinkResult(latency, flow.Measured - latency.Count);
    }
}

/// <summary>One link's latencies and the measured orders it did not complete.</summary>
internal sealed record LinkResult(LatencySummary Latency, long Failed);
