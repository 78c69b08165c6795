using QkdNet.Cli.Trade;

namespace QkdNet.Tests.Cli.Trade;

public sealed class PreciseSleepTests
{
    [Fact]
    public void Sleep_OnLinux_GoesToClockNanosleepAndStaysThere()
    {
        PreciseSleep.TightenTimerSlack();
        PreciseSleep.Sleep(TimeSpan.FromMicroseconds(50));
        PreciseSleep.Sleep(TimeSpan.Zero);

        Assert.Equal(OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("QKDNET_PACER") != "yield", PreciseSleep.UsesNativeSleep);
    }

    [Fact]
    public async Task RunAsync_SendsFromAThreadOutsideTheThreadPool()
    {
        var schedule = new OpenLoopSchedule(TimeProvider.System.GetTimestamp(), 10_000, TimeProvider.System.TimestampFrequency);
        var onPool = new List<bool>();

        await schedule.RunAsync(5, _ => { onPool.Add(Thread.CurrentThread.IsThreadPoolThread); return ValueTask.CompletedTask; }, TimeProvider.System, CancellationToken.None);

        Assert.Equal([false, false, false, false, false], onPool);
    }
}
