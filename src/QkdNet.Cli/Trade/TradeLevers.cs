using System.Runtime;

namespace QkdNet.Cli.Trade;

/// <summary>
/// The latency-tail levers of <c>qkdnet trade</c> (issue 11), each switchable from the environment so one build can be
/// measured both ways, interleaved, and each reported in the JSON (<c>runtime</c>):
/// <list type="bullet">
/// <item><c>QKDNET_TRADE_RECEIVE=threads|async</c>: every link's receiving ends (investor and broker, all four links
/// alike) on threads of their own with blocking socket I/O, or the asynchronous socket engine (epoll thread, thread pool).</item>
/// <item><c>QKDNET_TRADE_SCHED=fifo|normal</c>: the pacer and those receive threads under SCHED_FIFO
/// (<see cref="ThreadScheduling"/>), or the ordinary policy. Only threads of the harness's own are raised; with
/// <c>async</c> receiving that is the pacer alone.</item>
/// <item><c>QKDNET_TRADE_GC=sustained|interactive</c>: <see cref="GCLatencyMode.SustainedLowLatency"/> for the run (no
/// blocking full collections while it lasts), or the runtime's default.</item>
/// </list>
/// <item><c>QKDNET_TRADE_CPU=N</c>: those threads (pacer and receive threads) bound to processor N, so they wake each
/// other on one processor; unset: not bound.</item>
/// <item><c>QKDNET_TRADE_SPIN_US=N</c> (0 to 100): the pacer sleeps until N µs before each order's intended time and spins
/// the rest (<see cref="OpenLoopSchedule.SpinAhead"/>): a shorter send lag for a busier processor; default 2.</item>
/// Defaults: threads, fifo, sustained, not bound, 2 µs of spin. An unknown value is a usage error (exit 2), so a typo does not
/// measure the wrong thing.
/// </summary>
internal sealed record TradeLevers(bool ReceiveThreads, bool RealTime, bool SustainedGc, int? PinnedCpu = null, int PacerSpinMicroseconds = OpenLoopSchedule.DefaultSpinMicroseconds)
{
    public const string CpuVariable = "QKDNET_TRADE_CPU";
    public const string SpinVariable = "QKDNET_TRADE_SPIN_US";
    public const int MaxSpinMicroseconds = 100;

    public const string ReceiveVariable = "QKDNET_TRADE_RECEIVE";
    public const string SchedulingVariable = "QKDNET_TRADE_SCHED";
    public const string GcVariable = "QKDNET_TRADE_GC";

    /// <summary>All levers on.</summary>
    public static TradeLevers Default { get; } = new(true, true, true);

    /// <summary>The levers <paramref name="variable"/> (the environment) selects, or a <see cref="UsageException"/> naming the bad value.</summary>
    public static TradeLevers FromEnvironment(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return new TradeLevers(
            Choose(variable, ReceiveVariable, "threads", "async"),
            Choose(variable, SchedulingVariable, "fifo", "normal"),
            Choose(variable, GcVariable, "sustained", "interactive"),
            Cpu(variable(CpuVariable)),
            Spin(variable(SpinVariable)));
    }

    /// <summary>
    /// Runs first on every thread the harness starts for a link (pacer, receive threads): binds it to
    /// <see cref="PinnedCpu"/> and raises it to SCHED_FIFO, as chosen; null when neither is.
    /// </summary>
    public Action? ThreadStarting => (RealTime, PinnedCpu) switch
    {
        (false, null) => null,
        (true, null) => static () => ThreadScheduling.TryRaiseCurrentThread(),
        (_, int cpu) => () =>
        {
            ThreadScheduling.TryPinCurrentThread(cpu);
            if (RealTime)
            {
                ThreadScheduling.TryRaiseCurrentThread();
            }
        },
    };

    private static int? Cpu(string? value)
    {
        if (value is null)
        {
            return null;
        }

        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int cpu) && cpu < Environment.ProcessorCount
            ? cpu
            : throw new UsageException($"{CpuVariable}: '{value}' is not a processor number (0 to {Environment.ProcessorCount - 1}).");
    }

    private static int Spin(string? value)
    {
        if (value is null)
        {
            return OpenLoopSchedule.DefaultSpinMicroseconds;
        }

        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int spin) && spin <= MaxSpinMicroseconds
            ? spin
            : throw new UsageException($"{SpinVariable}: '{value}' is not a whole number of microseconds from 0 to {MaxSpinMicroseconds}.");
    }

    /// <summary>Sets the GC latency mode for the run; the mode before, to restore.</summary>
    public GCLatencyMode ApplyGc()
    {
        GCLatencyMode before = GCSettings.LatencyMode;
        if (SustainedGc)
        {
            GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;
        }

        return before;
    }

    private static bool Choose(Func<string, string?> variable, string name, string on, string off)
    {
        string? value = variable(name);
        if (value is null || value.Equals(on, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return value.Equals(off, StringComparison.OrdinalIgnoreCase)
            ? false
            : throw new UsageException($"{name}: '{value}' is not {on} or {off}.");
    }
}
