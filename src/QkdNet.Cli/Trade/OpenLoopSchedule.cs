namespace QkdNet.Cli.Trade;

/// <summary>
/// When each order of an open-loop flow is meant to go out: order <c>i</c> at start + i / rate, whatever happened
/// to the orders before it. Latency is measured from this intended time, not from the actual send, so a stall
/// delays the orders behind it and shows in their latency (no coordinated omission; Tene, "How NOT to measure
/// latency", 2015). Times are <see cref="TimeProvider.GetTimestamp"/> ticks.
/// </summary>
/// <param name="StartTimestamp">The intended time of order 0.</param>
/// <param name="OrdersPerSecond">The offered rate, above zero.</param>
/// <param name="TimestampFrequency">Ticks per second of the clock (<see cref="TimeProvider.TimestampFrequency"/>).</param>
internal readonly record struct OpenLoopSchedule(long StartTimestamp, double OrdersPerSecond, long TimestampFrequency)
{
    /// <summary>The default of <see cref="SpinAhead"/>, in microseconds.</summary>
    public const int DefaultSpinMicroseconds = 2;

    /// <summary>How long before each order's intended time the pacer stops sleeping and spins (at least one tick).</summary>
    public TimeSpan SpinAhead { get; init; } = TimeSpan.FromMicroseconds(DefaultSpinMicroseconds);

    /// <summary>The intended send time of order <paramref name="index"/>, in ticks.</summary>
    public long IntendedTimestamp(long index) => StartTimestamp + (long)Math.Round(index * (TimestampFrequency / OrdersPerSecond));

    /// <summary>
    /// Sends <paramref name="count"/> orders on schedule with <paramref name="send"/>, on a thread of its own (not a
    /// thread-pool thread, of which a 2-core machine starts with two; the receive loops need them): sleeps until
    /// <see cref="SpinAhead"/> (2 µs by default) before each order's intended time (<see cref="PreciseSleep"/>, at most 10 ms at a time so cancellation is seen),
    /// spins the rest, and sends at once when behind. A send that does not complete at once is waited for on this thread.
    /// <paramref name="threadStarting"/> runs first on that thread (e.g. to set its scheduling); null for nothing.
    /// <paramref name="sendLag"/>, when given, gets each order's lateness: from its intended time to the moment it is
    /// handed to <paramref name="send"/> (how late the pacer itself woke or caught up, before any network or peer);
    /// <paramref name="sendTime"/>, when given, how long each <paramref name="send"/> held the pacer.
    /// </summary>
    public Task RunAsync(int count, Func<int, ValueTask> send, TimeProvider time, CancellationToken cancellationToken, Action? threadStarting = null,
        LatencyRecorder? sendLag = null, LatencyRecorder? sendTime = null)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentNullException.ThrowIfNull(time);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        OpenLoopSchedule schedule = this;
        var pacer = new Thread(() =>
        {
            try
            {
                threadStarting?.Invoke();
                schedule.Run(count, send, time, sendLag, sendTime, cancellationToken);
                done.TrySetResult();
            }
            catch (OperationCanceledException e)
            {
                done.TrySetCanceled(e.CancellationToken);
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "open-loop pacer",
        };
        pacer.Start();
        return done.Task;
    }

    private void Run(int count, Func<int, ValueTask> send, TimeProvider time, LatencyRecorder? sendLag, LatencyRecorder? sendTime, CancellationToken cancellationToken)
    {
        PreciseSleep.TightenTimerSlack();
        // Spinning the last stretch before each order costs a core's share: 20 µs of spin per order is a fifth of a core
        // at 10,000 orders/s. By default the sleep goes to the intended time itself (a wake-up is some µs late with a
        // 1 µs timer slack on a quiet machine) and only the last 2 µs are spun; QKDNET_TRADE_SPIN_US trades CPU for lag.
        long spin = Math.Max(1, (long)(SpinAhead.TotalSeconds * TimestampFrequency));
        long longest = TimestampFrequency / 100; // 10 ms
        for (int i = 0; i < count; i++)
        {
            long due = IntendedTimestamp(i);
            long ahead;
            while ((ahead = due - time.GetTimestamp()) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (ahead > spin)
                {
                    PreciseSleep.Sleep(TimeSpan.FromSeconds(Math.Min(ahead - spin, longest) / (double)TimestampFrequency));
                }
                else
                {
                    Thread.SpinWait(20);
                }
            }

            long handedOver = time.GetTimestamp();
            sendLag?.Record(due, handedOver);
            ValueTask sent = send(i);
            if (sent.IsCompleted)
            {
                sent.GetAwaiter().GetResult();
            }
            else
            {
                sent.AsTask().GetAwaiter().GetResult();
            }

            sendTime?.Record(handedOver, time.GetTimestamp());
        }
    }
}
