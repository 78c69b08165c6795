using QkdNet.Services.PseudoData;
using QkdNet.Services.Trading.Fix;
using QkdNet.Services.Trading.Session;

namespace QkdNet.Cli.Trade;

/// <summary>
/// The orders of a run, encoded once as FIX NewOrderSingle messages so every link carries the same bytes: a warm-up
/// block (not measured; JIT and connections settle) then the measured orders. Seeded, so runs repeat.
/// </summary>
internal sealed class OrderFlow
{
    private OrderFlow(byte[][] messages, int warmup, int longestReport)
    {
        Messages = messages;
        Warmup = warmup;
        LongestReportBytes = longestReport;
    }

    /// <summary>Every order, warm-up first; order i has ClOrdID number i.</summary>
    public byte[][] Messages { get; }

    /// <summary>How many of <see cref="Messages"/> are warm-up.</summary>
    public int Warmup { get; }

    /// <summary>Measured orders.</summary>
    public int Measured => Messages.Length - Warmup;

    /// <summary>The longest order, in bytes.</summary>
    public int LongestOrderBytes => Messages.Max(m => m.Length);

    /// <summary>The longest execution report the broker desk writes for these orders, in bytes.</summary>
    public int LongestReportBytes { get; }

    /// <summary><paramref name="warmup"/> + <paramref name="measured"/> orders from the pseudo-data generator seeded with <paramref name="seed"/>.</summary>
    public static OrderFlow Create(int measured, int warmup, int seed, DateTime timestampUtc)
    {
        var generator = new PseudoDataGenerator(seed);
        FixId investor = FixId.Create("INVESTOR").Value;
        FixId broker = FixId.Create("BROKER").Value;
        var desk = new BrokerDesk(broker, investor, new FixedTime(timestampUtc));
        byte[] buffer = new byte[FixEncoder.MaxMessageLength];
        byte[] report = new byte[FixEncoder.MaxMessageLength];
        var messages = new byte[warmup + measured][];
        int longestReport = 0;
        int i = 0;
        foreach (PseudoOrder order in generator.Orders(warmup + measured))
        {
            // the generator numbers orders from 1; ClOrdID i keeps the schedule's index
            FixNewOrderSingle single = (order with { Sequence = i }).ToNewOrderSingle(timestampUtc);
            var header = new FixHeader { SenderCompId = investor, TargetCompId = broker, MsgSeqNum = i + 1, SendingTime = timestampUtc };
            if (!FixEncoder.TryEncode(header, single, buffer, out int written))
            {
                throw new InvalidOperationException("a generated order does not encode");
            }

            messages[i] = buffer.AsSpan(0, written).ToArray();
            longestReport = Math.Max(longestReport, desk.Answer(messages[i], report));
            i++;
        }

        return new OrderFlow(messages, warmup, longestReport);
    }

    private sealed class FixedTime(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(utc, TimeSpan.Zero);
    }
}
