using System.Runtime;
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

    /// <param name="link">The link, not started yet.</param>
    /// <param name="flow">The orders, warm-up first.</param>
    /// <param name="ordersPerSecond">The offered rate.</param>
    /// <param name="time">The clock of the schedule and the latencies.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <param name="neighboursCpu">
    /// CPU time used so far by the processes the link depends on beside this one (the KMEs), read before and after the
    /// measured orders so the report shows what they cost meanwhile; null when there are none.
    /// </param>
    /// <param name="progress">Gets one line as the warm-up and the measured orders start and end (the phases a CPU sampler outside lines up with); null for none.</param>
    /// <param name="pacerStarting">Runs first on the pacer's thread (its scheduling, <see cref="TradeLevers"/>); null for nothing.</param>
    /// <param name="pacerSpin">How long before each order the pacer spins rather than sleeps (<see cref="OpenLoopSchedule.SpinAhead"/>); null: its default.</param>
    public static async Task<LinkResult> RunAsync(IOrderLink link, OrderFlow flow, double ordersPerSecond, TimeProvider time, CancellationToken cancellationToken,
        Func<TimeSpan>? neighboursCpu = null, TextWriter? progress = null, Action? pacerStarting = null, TimeSpan? pacerSpin = null)
    {
        long frequency = time.TimestampFrequency;
        var recorder = new LatencyRecorder(frequency);
        var sendLag = new LatencyRecorder(frequency);
        var sendTime = new LatencyRecorder(frequency);
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

        Say(progress, $"{link.Name}: warm-up, {flow.Warmup:N0} orders");
        TimeSpan spin = pacerSpin ?? TimeSpan.FromMicroseconds(OpenLoopSchedule.DefaultSpinMicroseconds);
        var warmup = new OpenLoopSchedule(time.GetTimestamp(), ordersPerSecond, frequency) { SpinAhead = spin };
        await warmup.RunAsync(flow.Warmup, Send, time, cancellationToken, pacerStarting).ConfigureAwait(false);
        await JitQuietAsync(cancellationToken).ConfigureAwait(false);
        measured = new OpenLoopSchedule(time.GetTimestamp() + (frequency / 100), ordersPerSecond, frequency) { SpinAhead = spin };
        Say(progress, $"{link.Name}: measuring {flow.Measured:N0} orders");
        var cost = CostSample.Take(neighboursCpu);
        await measured.RunAsync(flow.Measured, i => Send(flow.Warmup + i), time, cancellationToken, pacerStarting, sendLag, sendTime).ConfigureAwait(false);
        await Task.WhenAny(allAnswered.Task, Task.Delay(Drain, time, cancellationToken)).ConfigureAwait(false);
        LinkCost spent = CostSample.Take(neighboursCpu).Since(cost, flow.Measured) with { SendLagUs = sendLag.Summary(), SendUs = sendTime.Summary() };
        Say(progress, $"{link.Name}: done");
        cancellationToken.ThrowIfCancellationRequested();
        LatencySummary latency = recorder.Summary();
        return new LinkResult(latency, flow.Measured - latency.Count, spent);
    }

    /// <summary>
    /// Waits (at most 3 s) until the JIT has compiled nothing for 200 ms: the warm-up's calls promote the hot path to
    /// optimised code on a background thread, and those compilations would otherwise share the two cores with the
    /// measured orders (a profile of the 2-core machine found a fifth of the harness's samples in the JIT when the
    /// warm-up was 0.1 s). What still compiles during the measured orders is reported (<c>jit_methods</c>, <c>jit_ms</c>).
    /// </summary>
    private static async Task JitQuietAsync(CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        long compiled = JitInfo.GetCompiledMethodCount();
        while (waited.Elapsed < TimeSpan.FromSeconds(3))
        {
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            long now = JitInfo.GetCompiledMethodCount();
            if (now == compiled)
            {
                return;
            }

            compiled = now;
        }
    }

    private static void Say(TextWriter? progress, FormattableString line) => progress?.WriteLine("trade: " + FormattableString.Invariant(line));
}

/// <summary>One link's latencies, the measured orders it did not complete, and what they cost this process.</summary>
internal sealed record LinkResult(LatencySummary Latency, long Failed, LinkCost? Cost = null);

/// <summary>
/// What a link's measured orders cost this process (investor and broker ends both, and the pacer): CPU time per order
/// (with its report), user and system, and the garbage collector's work: bytes allocated per order, collections per
/// generation, and the time the runtime was paused for them (the GC's share of the latency tail); context switches of
/// this process per order (64-bit Linux; a thread that blocks makes voluntary ones, one preempted or calling sched_yield
/// involuntary ones, so spinning shows as the latter); the CPU the KME processes used meanwhile, per order (null
/// when the link has none); the methods the JIT compiled meanwhile, and its time (tier-up work the warm-up left); and
/// how late the pacer handed each order to the link (<c>send_lag_us</c>: the part of the round trip spent before the
/// order left this process's pacer, i.e. waiting for a processor or for the previous send).
/// </summary>
internal sealed record LinkCost(
    [property: JsonPropertyName("cpu_user_us_per_order")] double CpuUserUsPerOrder,
    [property: JsonPropertyName("cpu_system_us_per_order")] double CpuSystemUsPerOrder,
    [property: JsonPropertyName("allocated_bytes_per_order")] double AllocatedBytesPerOrder,
    [property: JsonPropertyName("gen0")] int Gen0,
    [property: JsonPropertyName("gen1")] int Gen1,
    [property: JsonPropertyName("gen2")] int Gen2,
    [property: JsonPropertyName("pause_ms")] double PauseMs,
    [property: JsonPropertyName("voluntary_switches_per_order")] double? VoluntarySwitchesPerOrder = null,
    [property: JsonPropertyName("involuntary_switches_per_order")] double? InvoluntarySwitchesPerOrder = null,
    [property: JsonPropertyName("kme_cpu_us_per_order")] double? KmeCpuUsPerOrder = null,
    [property: JsonPropertyName("jit_methods")] long JitMethods = 0,
    [property: JsonPropertyName("jit_ms")] double JitMs = 0)
{
    /// <summary>The pacer's lateness per order, from its intended send time to its hand-over to the link; null: not measured.</summary>
    [JsonPropertyName("send_lag_us")]
    public LatencySummary? SendLagUs { get; init; }

    /// <summary>How long each measured order's send held the pacer (sealing and the socket write, or waiting for them); null: not measured.</summary>
    [JsonPropertyName("send_us")]
    public LatencySummary? SendUs { get; init; }
}

/// <summary>
/// A reading of the process's CPU time, GC counters and context switches (-1 where they cannot be read), and of the
/// neighbouring processes' CPU time (null: not read).
/// </summary>
internal readonly record struct CostSample(TimeSpan User, TimeSpan System, long Allocated, int Gen0, int Gen1, int Gen2, TimeSpan Paused,
    long Voluntary = -1, long Involuntary = -1, TimeSpan? Neighbours = null, long JitMethods = 0, TimeSpan Jit = default)
{
    public static CostSample Take(Func<TimeSpan>? neighboursCpu = null)
    {
        Environment.ProcessCpuUsage cpu = Environment.CpuUsage;
        (long voluntary, long involuntary) = ContextSwitches.OfThisProcess();
        return new(cpu.UserTime, cpu.PrivilegedTime, GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(),
            voluntary, involuntary, neighboursCpu?.Invoke(), JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime());
    }

    /// <summary>The work between <paramref name="before"/> and this reading, per order over <paramref name="orders"/>.</summary>
    public LinkCost Since(CostSample before, int orders) => new(
        Math.Round((User - before.User).TotalMicroseconds / Math.Max(1, orders), 1),
        Math.Round((System - before.System).TotalMicroseconds / Math.Max(1, orders), 1),
        Math.Round((Allocated - before.Allocated) / (double)Math.Max(1, orders), 1),
        Gen0 - before.Gen0,
        Gen1 - before.Gen1,
        Gen2 - before.Gen2,
        Math.Round((Paused - before.Paused).TotalMilliseconds, 1),
        Voluntary >= 0 && before.Voluntary >= 0 ? Math.Round((Voluntary - before.Voluntary) / (double)Math.Max(1, orders), 2) : null,
        Involuntary >= 0 && before.Involuntary >= 0 ? Math.Round((Involuntary - before.Involuntary) / (double)Math.Max(1, orders), 2) : null,
        Neighbours is { } now && before.Neighbours is { } then ? Math.Round((now - then).TotalMicroseconds / Math.Max(1, orders), 1) : null,
        JitMethods - before.JitMethods,
        Math.Round((Jit - before.Jit).TotalMilliseconds, 1));
}
