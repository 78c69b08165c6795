using System.Text.Json.Serialization;

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
        var cost = CostSample.Take();
        await measured.RunAsync(flow.Measured, i => Send(flow.Warmup + i), time, cancellationToken).ConfigureAwait(false);
        await Task.WhenAny(allAnswered.Task, Task.Delay(Drain, time, cancellationToken)).ConfigureAwait(false);
        LinkCost spent = CostSample.Take().Since(cost, flow.Measured);
        cancellationToken.ThrowIfCancellationRequested();
        LatencySummary latency = recorder.Summary();
        return new LinkResult(latency, flow.Measured - latency.Count, spent);
    }
}

/// <summary>One link's latencies, the measured orders it did not complete, and what they cost this process.</summary>
internal sealed record LinkResult(LatencySummary Latency, long Failed, LinkCost? Cost = null);

/// <summary>
/// What a link's measured orders cost this process (investor and broker ends both, and the pacer): CPU time per order
/// (with its report), user and system, and the garbage collector's work: bytes allocated per order, collections per
/// generation, and the time the runtime was paused for them (the GC's share of the latency tail).
/// </summary>
internal sealed record LinkCost(
    [property: JsonPropertyName("cpu_user_us_per_order")] double CpuUserUsPerOrder,
    [property: JsonPropertyName("cpu_system_us_per_order")] double CpuSystemUsPerOrder,
    [property: JsonPropertyName("allocated_bytes_per_order")] double AllocatedBytesPerOrder,
    [property: JsonPropertyName("gen0")] int Gen0,
    [property: JsonPropertyName("gen1")] int Gen1,
    [property: JsonPropertyName("gen2")] int Gen2,
    [property: JsonPropertyName("pause_ms")] double PauseMs);

/// <summary>A reading of the process's CPU time and GC counters.</summary>
internal readonly record struct CostSample(TimeSpan User, TimeSpan System, long Allocated, int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    public static CostSample Take()
    {
        Environment.ProcessCpuUsage cpu = Environment.CpuUsage;
        return new(cpu.UserTime, cpu.PrivilegedTime, GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
    }

    /// <summary>The work between <paramref name="before"/> and this reading, per order over <paramref name="orders"/>.</summary>
    public LinkCost Since(CostSample before, int orders) => new(
        Math.Round((User - before.User).TotalMicroseconds / Math.Max(1, orders), 1),
        Math.Round((System - before.System).TotalMicroseconds / Math.Max(1, orders), 1),
        Math.Round((Allocated - before.Allocated) / (double)Math.Max(1, orders), 1),
        Gen0 - before.Gen0,
        Gen1 - before.Gen1,
        Gen2 - before.Gen2,
        Math.Round((Paused - before.Paused).TotalMilliseconds, 1));
}
