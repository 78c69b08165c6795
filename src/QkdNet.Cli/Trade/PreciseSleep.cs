using System.Runtime.InteropServices;

namespace QkdNet.Cli.Trade;

/// <summary>
/// Sub-millisecond sleeps for the open-loop pacer. <see cref="Thread.Sleep(TimeSpan)"/> rounds to whole milliseconds,
/// and at 10,000 orders/s the orders are 100 µs apart, so the pacer used to spin on <see cref="Thread.Yield"/> between
/// them: one core of the two busy with sched_yield calls (the run's system time exceeded its user time), taken from
/// the receive loops, the broker and the KMEs it measures. On Linux this sleeps with clock_nanosleep on the monotonic
/// clock, after lowering the calling thread's timer slack (prctl PR_SET_TIMERSLACK; the default 50 µs would wake it
/// up to 50 µs late); elsewhere, or with the environment variable QKDNET_PACER=yield (for A/B runs), it falls back
/// to yielding, the old behaviour.
/// </summary>
internal static class PreciseSleep
{
    private const int ClockMonotonic = 1; // <time.h> CLOCK_MONOTONIC
    private const int PrSetTimerSlack = 29; // <linux/prctl.h> PR_SET_TIMERSLACK
    private const long TimerSlackNanoseconds = 1_000;
    // QKDNET_PACER=yield keeps the old yielding wait, for A/B runs of the same build
    private static bool s_native = OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("QKDNET_PACER") != "yield";

    /// <summary>Whether sleeps go to clock_nanosleep (Linux, libc found) rather than the yielding fallback.</summary>
    public static bool UsesNativeSleep => s_native;

    /// <summary>Lowers the calling thread's timer slack to 1 µs (Linux; nothing elsewhere).</summary>
    public static void TightenTimerSlack()
    {
        if (!s_native)
        {
            return;
        }

        try
        {
            _ = NativeMethods.Prctl(PrSetTimerSlack, (nuint)TimerSlackNanoseconds, 0, 0, 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_native = false;
        }
    }

    /// <summary>Sleeps about <paramref name="duration"/> (an interrupted sleep returns early: callers re-check the clock).</summary>
    public static void Sleep(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        if (s_native)
        {
            try
            {
                long ns = (long)duration.TotalNanoseconds;
                var request = new NativeMethods.Timespec { Seconds = ns / 1_000_000_000, Nanoseconds = ns % 1_000_000_000 };
                _ = NativeMethods.ClockNanosleep(ClockMonotonic, 0, ref request, IntPtr.Zero);
                return;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                s_native = false;
            }
        }

        // the old wait: a timer sleep while more than 2 ms ahead (its resolution is a millisecond, 15.6 ms on Windows
        // by default), yielding the processor closer in
        if (duration > TimeSpan.FromMilliseconds(2))
        {
            Thread.Sleep(duration - TimeSpan.FromMilliseconds(2));
        }
        else
        {
            Thread.Yield();
        }
    }

    private static class NativeMethods
    {
        [StructLayout(LayoutKind.Sequential)]
        public struct Timespec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [DllImport("libc", EntryPoint = "clock_nanosleep")]
        public static extern int ClockNanosleep(int clockId, int flags, ref Timespec request, IntPtr remain);

        // prctl(2) is variadic in C; on x86-64 and arm64 Linux integer arguments pass the same way either form.
        [DllImport("libc", EntryPoint = "prctl")]
        public static extern int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
    }
}
