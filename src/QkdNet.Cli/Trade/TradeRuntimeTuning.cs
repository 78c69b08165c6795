namespace QkdNet.Cli.Trade;

/// <summary>
/// Runtime settings for the <c>trade</c> commands, whose investor and broker ends answer 10,000 small messages a second
/// in each direction on a machine they share with the KMEs. By default .NET on Linux hands every socket completion from
/// its epoll thread to a thread-pool worker (a futex wake-up per message), and a worker that runs out of work spins
/// on sched_yield before it sleeps: measured on the 2-core machine (docs/PERFORMANCE.md, issue 11), that cost the
/// harness 80-110 us of CPU per round trip, most of it system time, against 35-45 us with completions run on the epoll
/// thread itself and no spinning. Both settings are read once, when the runtime first uses sockets and the thread
/// pool, so they are set here, first thing in <c>Main</c>, for the trade commands only; a value the user set in the
/// environment is kept, and <c>QKDNET_TRADE_TUNING=off</c> leaves both at the runtime's defaults (for A/B runs of
/// one build). The KME processes the harness starts do not inherit them (<see cref="ForChildren"/>).
/// </summary>
internal static class TradeRuntimeTuning
{
    /// <summary>The runtime's switch to run socket continuations on the epoll thread (System.Net.Sockets, Unix; read from the environment only).</summary>
    public const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>The runtime setting for how long an idle thread-pool worker spins before it sleeps (0: it sleeps at once).</summary>
    public const string SpinLimitSetting = "System.Threading.ThreadPool.UnfairSemaphoreSpinLimit";

    private const string SpinLimitVariable = "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit";
    private const string OffSwitch = "QKDNET_TRADE_TUNING";
    private static bool s_setInline;

    /// <summary>Applies the settings when <paramref name="args"/> run a trade command; call before anything else runs.</summary>
    public static void Apply(IReadOnlyList<string> args)
    {
        TradeTuningPlan plan = Plan(args, Environment.GetEnvironmentVariable, AppContext.GetData(SpinLimitSetting) is not null);
        if (plan.SetInlineCompletions)
        {
            Environment.SetEnvironmentVariable(InlineCompletions, "1");
            s_setInline = true;
        }

        if (plan.SetSpinLimit)
        {
            AppContext.SetData(SpinLimitSetting, 0);
        }
    }

    /// <summary>
    /// What <see cref="Apply"/> changes for <paramref name="args"/>, given the environment (<paramref name="variable"/>)
    /// and whether the runtime configuration already sets the spin limit: nothing outside a trade command or with
    /// <c>QKDNET_TRADE_TUNING=off</c>, and never a setting the user made.
    /// </summary>
    internal static TradeTuningPlan Plan(IReadOnlyList<string> args, Func<string, string?> variable, bool spinLimitConfigured)
    {
        if (args.Count == 0 || args[0] != "trade" || variable(OffSwitch) == "off")
        {
            return new TradeTuningPlan(false, false);
        }

        return new TradeTuningPlan(variable(InlineCompletions) is null, variable(SpinLimitVariable) is null && !spinLimitConfigured);
    }

    /// <summary>The settings in effect in this process, for the report.</summary>
    public static TradeRuntime Current() => new(
        Environment.GetEnvironmentVariable(InlineCompletions) == "1",
        AppContext.GetData(SpinLimitSetting) is int spin ? spin
            : int.TryParse(Environment.GetEnvironmentVariable(SpinLimitVariable), out int fromEnvironment) ? fromEnvironment : null,
        System.Runtime.GCSettings.IsServerGC ? "server" : "workstation",
        Environment.ProcessorCount);

    /// <summary>
    /// The environment changes a child process should get: the inline-completions switch removed when this class set it
    /// (a KME's server work is not tuned for it); nothing otherwise.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> ForChildren() =>
        s_setInline ? new Dictionary<string, string?> { [InlineCompletions] = null } : new Dictionary<string, string?>();
}
