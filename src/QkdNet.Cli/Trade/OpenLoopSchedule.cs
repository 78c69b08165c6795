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
    /// <summary>The intended send time of order <paramref name="index"/>, in ticks.</summary>
    public long IntendedTimestamp(long index) => StartTimestamp + (long)Math.Round(index * (TimestampFrequency / OrdersPerSecond));

    /// <summary>
    /// Sends <paramref name="count"/> orders on schedule with <paramref name="send"/>: waits for each one's intended
    /// time (sleeping while more than 2 ms ahead, yielding the processor closer in, since a timer's resolution is about
    /// 1 ms and orders are 100 µs apart at 10,000/s), and sends at once when behind.
    /// </summary>
    public async Task RunAsync(int count, Func<int, ValueTask> send, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentNullException.ThrowIfNull(time);
        long twoMs = TimestampFrequency / 500;
        for (int i = 0; i < count; i++)
        {
            long due = IntendedTimestamp(i);
            long ahead;
            while ((ahead = due - time.GetTimestamp()) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (ahead > twoMs)
                {
                    await Task.Delay(TimeSpan.FromSeconds((ahead - twoMs) / (double)TimestampFrequency), time, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    Thread.Yield();
                }
            }

            await send(i).ConfigureAwait(false);
        }
    }
}
