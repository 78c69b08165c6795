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

    /// <summary>A clock in microsecond ticks that moves <c>step</c> ticks each time it is read.</summary>
    private sealed class SteppingClock(long start, long step = 0) : TimeProvider
    {
        public long Now { get; private set; } = start;

        public override long TimestampFrequency => 1_000_000;

        public override long GetTimestamp()
        {
            Now += step;
            return Now;
        }
    }
}
