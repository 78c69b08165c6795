using System.CommandLine;
using System.Globalization;
using QkdNet.Cli.Trade;

namespace QkdNet.Cli;

internal static partial class BenchCommands
{
    /// <summary>
    /// <c>bench pacer</c>: the floor under <c>qkdnet trade</c>'s round trips on this machine. The trade harness's open-loop
    /// pacer (<see cref="OpenLoopSchedule"/>) runs alone, with the scheduling and spin <c>qkdnet trade</c> would give
    /// it (<see cref="TradeLevers"/>, from the same environment variables), and hands each "order" to nothing: its
    /// lateness is what the machine adds to every order before a link does anything. A round trip has this wake-up and
    /// two more (the broker's and the investor's receiving threads), so its tail cannot be shorter than this one's.
    /// </summary>
    private static Command Pacer(TextWriter stdout)
    {
        var rate = new Option<double>("--rate") { Description = "Wake-ups per second, 100 to 100,000 (qkdnet trade's orders per second).", DefaultValueFactory = _ => 10_000 };
        var seconds = new Option<double>("--seconds") { Description = "Seconds measured, 1 to 600, after one second of warm-up.", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("pacer", "How late this machine wakes qkdnet trade's open-loop pacer with nothing else to do: the floor under its round trips.");
        command.Options.Add(rate);
        command.Options.Add(seconds);
        command.Options.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
        {
            double perSecond = parse.GetValue(rate), measuredSeconds = parse.GetValue(seconds);
            if (!(perSecond >= 100 && perSecond <= 100_000) || !(measuredSeconds >= 1 && measuredSeconds <= 600))
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"need 100 <= --rate <= 100000 and 1 <= --seconds <= 600; got {perSecond}, {measuredSeconds}."));
            }

            TradeLevers levers = TradeLevers.FromEnvironment(Environment.GetEnvironmentVariable);
            TimeProvider time = TimeProvider.System;
            var spin = TimeSpan.FromMicroseconds(levers.PacerSpinMicroseconds);
            var warmup = new OpenLoopSchedule(time.GetTimestamp(), perSecond, time.TimestampFrequency) { SpinAhead = spin };
            await warmup.RunAsync((int)perSecond, static _ => ValueTask.CompletedTask, time, cancellationToken, levers.ThreadStarting).ConfigureAwait(false);

            int count = (int)(perSecond * measuredSeconds);
            var lag = new LatencyRecorder(time.TimestampFrequency);
            var measured = new OpenLoopSchedule(time.GetTimestamp() + (time.TimestampFrequency / 100), perSecond, time.TimestampFrequency) { SpinAhead = spin };
            CostSample before = CostSample.Take();
            await measured.RunAsync(count, static _ => ValueTask.CompletedTask, time, cancellationToken, levers.ThreadStarting, lag).ConfigureAwait(false);
            LinkCost cost = CostSample.Take().Since(before, count);
            LatencySummary late = lag.Summary();
            string scheduling = levers.RealTime ? ThreadScheduling.Describe() : "normal";
            stdout.WriteLine(parse.GetValue(json)
                ? Json.Serialize(new
                {
                    wakeupsPerSecond = perSecond,
                    wakeups = count,
                    scheduling,
                    pacerSpinUs = levers.PacerSpinMicroseconds,
                    pinnedCpu = levers.PinnedCpu,
                    lateUs = late,
                    cpuUserUsPerWakeup = cost.CpuUserUsPerOrder,
                    cpuSystemUsPerWakeup = cost.CpuSystemUsPerOrder,
                    involuntarySwitchesPerWakeup = cost.InvoluntarySwitchesPerOrder,
                })
                : string.Create(CultureInfo.InvariantCulture,
                    $"{count:N0} wake-ups at {perSecond:N0}/s ({scheduling}, {levers.PacerSpinMicroseconds} µs spin): late p50 {late.P50} µs, p99 {late.P99} µs, p99.9 {late.P999} µs, max {late.Max} µs; CPU {cost.CpuUserUsPerOrder} + {cost.CpuSystemUsPerOrder} µs per wake-up"));
            return 0;
        });
        return command;
    }
}
