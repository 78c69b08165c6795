using System.Runtime.InteropServices;

namespace QkdNet.Cli.Trade;

/// <summary>
/// Real-time scheduling for the harness's latency-critical threads (the open-loop pacer and the receive threads), as
/// trading systems run theirs: SCHED_FIFO at a low real-time priority, so a thread that wakes up for a message runs at
/// once instead of waiting out the time slice of whatever ordinary thread (a KME, a build) holds the core. The kernel's
/// real-time throttling (by default 95 % of each second) still leaves the ordinary threads their share, and these
/// threads block or sleep between messages. Linux only, and only where permitted (root or CAP_SYS_NICE): elsewhere the
/// thread keeps the ordinary policy, and <see cref="Describe"/> says so for the report.
/// </summary>
internal static class ThreadScheduling
{
    /// <summary>The real-time priority asked for (1 to 99 under SCHED_FIFO; above every ordinary thread).</summary>
    public const int Priority = 10;

    private const int SchedFifo = 1; // <sched.h> SCHED_FIFO
    private static int s_raised;
    private static int s_refused;
    private static int s_lastError;

    /// <summary>Threads raised to SCHED_FIFO so far in this process.</summary>
    public static int Raised => Volatile.Read(ref s_raised);

    /// <summary>Threads whose raise was refused (or not possible here) so far.</summary>
    public static int Refused => Volatile.Read(ref s_refused);

    /// <summary>Puts the calling thread under SCHED_FIFO at <see cref="Priority"/>; false (and counted) when not permitted or not Linux.</summary>
    public static bool TryRaiseCurrentThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            Interlocked.Increment(ref s_refused);
            return false;
        }

        try
        {
            var parameter = new NativeMethods.SchedParam { Priority = Priority };
            // pid 0: the calling thread (Linux schedules threads, so this does not touch the process's other threads)
            if (NativeMethods.SchedSetScheduler(0, SchedFifo, ref parameter) == 0)
            {
                Interlocked.Increment(ref s_raised);
                return true;
            }

            Volatile.Write(ref s_lastError, Marshal.GetLastPInvokeError());
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // not a glibc/musl system: ordinary scheduling
        }

        Interlocked.Increment(ref s_refused);
        return false;
    }

    /// <summary>
    /// Binds the calling thread to processor <paramref name="cpu"/> (sched_setaffinity; Linux, fewer than 64
    /// processors); false when not possible here. Threads bound to one processor wake each other there, without the
    /// inter-processor interrupt and the real-time run-queue balancing a wake-up on the other processor costs.
    /// </summary>
    public static bool TryPinCurrentThread(int cpu)
    {
        if (!OperatingSystem.IsLinux() || cpu is < 0 or >= 64)
        {
            return false;
        }

        try
        {
            ulong mask = 1UL << cpu;
            return NativeMethods.SchedSetAffinity(0, (nuint)sizeof(ulong), ref mask) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>For the report: <c>fifo</c> when every thread asked was raised, else <c>normal</c> with how many were refused and why.</summary>
    public static string Describe() => (Raised, Refused) switch
    {
        (_, 0) when Raised > 0 => $"fifo (priority {Priority}, {Raised} threads)",
        (0, 0) => "normal",
        _ => $"normal for {Refused} of {Raised + Refused} threads (sched_setscheduler refused, errno {Volatile.Read(ref s_lastError)})",
    };

    private static class NativeMethods
    {
        [StructLayout(LayoutKind.Sequential)]
        public struct SchedParam
        {
            public int Priority;
        }

        [DllImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
        public static extern int SchedSetAffinity(int pid, nuint maskBytes, ref ulong mask);

        [DllImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
        public static extern int SchedSetScheduler(int pid, int policy, ref SchedParam parameter);
    }
}
