using QkdNet.Cli.Trade;

namespace QkdNet.Cli.Demo;

/// <summary>
/// The demo's order flow between the investor and the broker over a <see cref="QkdLink"/>: FIX orders from the seeded
/// pseudo-data generator, sent open loop at a fixed rate in bursts (one per scenario step), each round trip measured
/// from the order's intended send time to its execution report (as <c>qkdnet trade</c> measures). Thread-safe.
/// </summary>
internal sealed class DemoOrders(QkdLink link, OrderFlow flow, TimeProvider time)
{
    private readonly long[] _intended = new long[flow.Messages.Length];
    private readonly LatencyRecorder _recorder = new(time.TimestampFrequency);
    private readonly List<double> _latenciesUs = [];
    private readonly Lock _gate = new();
    private int _next;
    private long _sent;
    private long _answered;

    /// <summary>Orders answered with an execution report.</summary>
    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>Orders sent.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Round trips so far.</summary>
    public LatencySummary Latency => _recorder.Summary();

    /// <summary>Every round trip in microseconds (for the report's histogram).</summary>
    public IReadOnlyList<double> LatenciesUs
    {
        get
        {
            lock (_gate)
            {
                return [.. _latenciesUs];
            }
        }
    }

    /// <summary>The link, started (keys fetched ahead, the investor connected to the broker).</summary>
    public QkdLink Link => link;

    /// <summary>Connects investor and broker and fills their key buffers.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => link.StartAsync(OnAnswered, cancellationToken);

    /// <summary>
    /// Sends orders at <paramref name="perSecond"/> until <paramref name="count"/> went out or <paramref name="stop"/>
    /// fires (the flow's end also stops it); returns how many went out.
    /// </summary>
    public async Task<int> SendAsync(int count, double perSecond, CancellationToken stop)
    {
        int first = _next;
        int last = Math.Min(flow.Messages.Length, first + count);
        var schedule = new OpenLoopSchedule(time.GetTimestamp(), perSecond, time.TimestampFrequency);
        try
        {
            await schedule.RunAsync(last - first, async i =>
            {
                int number = first + i;
                _intended[number] = schedule.IntendedTimestamp(i);
                _next = number + 1;
                Interlocked.Increment(ref _sent);
                await link.SendAsync(number, flow.Messages[number], stop).ConfigureAwait(false);
            }, time, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // the step is over; the orders sent still get their answers
        }

        return _next - first;
    }

    /// <summary>Waits (up to <paramref name="patience"/>) until every order sent is answered.</summary>
    public async Task DrainAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        DateTime until = DateTime.UtcNow + patience;
        while (Answered < Sent && DateTime.UtcNow < until)
        {
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private void OnAnswered(long number)
    {
        long now = time.GetTimestamp();
        if (number < 0 || number >= _intended.Length)
        {
            return;
        }

        _recorder.Record(_intended[number], now);
        double us = (now - _intended[number]) * 1e6 / time.TimestampFrequency;
        lock (_gate)
        {
            _latenciesUs.Add(us);
        }

        Interlocked.Increment(ref _answered);
    }
}
