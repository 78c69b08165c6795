using QkdNet.Cli.Trade;

namespace QkdNet.Tests.Cli.Trade;

public sealed class OpenLoopScheduleTests
{
    [Fact]
    public void IntendedTimestamp_IsStartPlusIndexOverRate_WhateverHappenedBefore()
    {
        var schedule = new OpenLoopSchedule(StartTimestamp: 1_000, OrdersPerSecond: 10_000, TimestampFrequency: 1_000_000_000);

        Assert.Equal(1_000, schedule.IntendedTimestamp(0));
        Assert.Equal(1_000 + 100_000, schedule.IntendedTimestamp(1));
        Assert.Equal(1_000 + (100_000L * 99_999), schedule.IntendedTimestamp(99_999));
    }

    [Fact]
    public async Task RunAsync_BehindSchedule_SendsEveryOrderAtOnceAndInOrder()
    {
        var clock = new SteppingClock(start: 5_000_000);
        var schedule = new OpenLoopSchedule(0, 1_000, clock.TimestampFrequency);
        var sent = new List<int>();

        await schedule.RunAsync(100, i => { sent.Add(i); return ValueTask.CompletedTask; }, clock, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 100), sent);
    }

    [Fact]
    public async Task RunAsync_AheadOfSchedule_SendsNoOrderBeforeItsTime()
    {
        var clock = new SteppingClock(start: 0, step: 50);
        var schedule = new OpenLoopSchedule(0, 10_000, clock.TimestampFrequency);
        var sentAt = new List<(int Index, long At)>();

        await schedule.RunAsync(20, i => { sentAt.Add((i, clock.Now)); return ValueTask.CompletedTask; }, clock, CancellationToken.None);

        Assert.All(sentAt, s => Assert.True(s.At >= schedule.IntendedTimestamp(s.Index), $"order {s.Index} went at {s.At}, before {schedule.IntendedTimestamp(s.Index)}"));
    }

    [Fact]
    public async Task RunAsync_SpinningLongBeforeEachOrder_StillSendsNoOrderBeforeItsTime()
    {
        var clock = new SteppingClock(start: 0, step: 3);
        var schedule = new OpenLoopSchedule(0, 10_000, clock.TimestampFrequency) { SpinAhead = TimeSpan.FromMicroseconds(80) };
        var sentAt = new List<(int Index, long At)>();

        await schedule.RunAsync(20, i => { sentAt.Add((i, clock.Now)); return ValueTask.CompletedTask; }, clock, CancellationToken.None);

        Assert.Equal(20, sentAt.Count);
        Assert.All(sentAt, s => Assert.True(s.At >= schedule.IntendedTimestamp(s.Index), $"order {s.Index} went at {s.At}, before {schedule.IntendedTimestamp(s.Index)}"));
    }

    [Fact]
    public async Task RunAsync_WithASendLagRecorder_RecordsHowLateEachOrderWentOut()
    {
        // every order is 4 ms behind (the clock starts there) and the clock moves 10 µs per reading
        var clock = new SteppingClock(start: 4_000, step: 10);
        var schedule = new OpenLoopSchedule(0, 1_000_000, clock.TimestampFrequency);
        var lag = new LatencyRecorder(clock.TimestampFrequency);

        await schedule.RunAsync(50, _ => ValueTask.CompletedTask, clock, CancellationToken.None, sendLag: lag);

        LatencySummary summary = lag.Summary();
        Assert.Equal(50, summary.Count);
        // order i is due at i µs and goes at 4,000 + 20 i + 20 µs (two readings per order): the lag grows from 4,020 µs
        Assert.InRange(summary.P50, 4_000, 5_000);
        Assert.InRange(summary.Max, 4_900, 5_100);
    }

    [Fact]
    public async Task RunAsync_WithASendTimeRecorder_RecordsHowLongEachSendHeldThePacer()
    {
        var clock = new SteppingClock(start: 1_000_000);
        var schedule = new OpenLoopSchedule(0, 1_000, clock.TimestampFrequency);
        var held = new LatencyRecorder(clock.TimestampFrequency);

        // each send takes 250 µs of the clock
        await schedule.RunAsync(10, _ => { clock.Advance(250); return ValueTask.CompletedTask; }, clock, CancellationToken.None, sendTime: held);

        LatencySummary summary = held.Summary();
        Assert.Equal(10, summary.Count);
        Assert.InRange(summary.P50, 249, 251);
        Assert.InRange(summary.Max, 249, 251);
    }

    /// <summary>A clock in microsecond ticks that moves <c>step</c> ticks each time it is read.</summary>
    private sealed class SteppingClock(long start, long step = 0) : TimeProvider
    {
        public long Now { get; private set; } = start;

        public void Advance(long ticks) => Now += ticks;

        public override long TimestampFrequency => 1_000_000;

        public override long GetTimestamp()
        {
            Now += step;
            return Now;
        }
    }
}
