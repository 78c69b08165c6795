using System.Runtime.InteropServices;

namespace QkdNet.Cli.Trade;

/// <summary>
/// The context switches of this process so far, all its threads, ended ones too (getrusage RUSAGE_SELF, 64-bit Linux).
/// The kernel counts a switch as voluntary when the thread blocked (a read with nothing to read, a futex wait) and as
/// involuntary when it was preempted or gave the core up while still runnable (sched_yield): threads that spin on
/// yields show as many involuntary switches.
/// </summary>
internal static class ContextSwitches
{
    private const int RusageSelf = 0; // <sys/resource.h> RUSAGE_SELF
    // struct rusage on 64-bit Linux: two timevals (4 longs), then 14 longs, of which ru_nvcsw and ru_nivcsw are the last two
    private const int RusageLongs = 4 + 14;
    private const int VoluntaryIndex = 4 + 12;
    private const int InvoluntaryIndex = 4 + 13;

    /// <summary>Voluntary and involuntary switches so far; (-1, -1) where they cannot be read.</summary>
    public static (long Voluntary, long Involuntary) OfThisProcess()
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            return (-1, -1);
        }

        Span<long> usage = stackalloc long[RusageLongs];
        try
        {
            if (NativeMethods.GetRusage(RusageSelf, ref MemoryMarshal.GetReference(usage)) != 0)
            {
                return (-1, -1);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return (-1, -1);
        }

        return (usage[VoluntaryIndex], usage[InvoluntaryIndex]);
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "getrusage")]
        public static extern int GetRusage(int who, ref long usage);
    }
}
