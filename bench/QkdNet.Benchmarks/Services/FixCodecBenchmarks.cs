using BenchmarkDotNet.Attributes;
using QkdNet.Services.PseudoData;
using QkdNet.Services.Trading.Fix;

namespace QkdNet.Benchmarks.Services;

/// <summary>
/// The FIX 4.4 codec on the trade path: encode then decode a NewOrderSingle (about 200 bytes, from the pseudo-data
/// generator) and an ExecutionReport, into and out of a reused buffer. Allocated should read 0 B.
/// </summary>
[MemoryDiagnoser]
public class FixCodecBenchmarks
{
    private readonly byte[] _buffer = new byte[FixEncoder.MaxMessageLength];
    private FixHeader _header;
    private FixNewOrderSingle _order;
    private FixExecutionReport _report;

    [GlobalSetup]
    public void Setup()
    {
        var time = new DateTime(2026, 12, 2, 0, 0, 0, 123, DateTimeKind.Utc);
        _header = new FixHeader
        {
            SenderCompId = FixId.Create("INVESTOR-TOKYO").Value,
            TargetCompId = FixId.Create("BROKER-OTEMACHI").Value,
            MsgSeqNum = 123_456,
            SendingTime = time,
        };
        _order = new PseudoDataGenerator(seed: 1).Orders(1).Single().ToNewOrderSingle(time);
        _report = new FixExecutionReport
        {
            OrderId = FixId.Create("BRK-000000123456").Value,
            ClOrdId = _order.ClOrdId,
            ExecId = FixId.Create("EXE-000000654321").Value,
            ExecType = FixExecType.Trade,
            OrdStatus = FixOrdStatus.Filled,
            Account = _order.Account,
            Symbol = _order.Symbol,
            Side = _order.Side,
            OrderQty = _order.OrderQty,
            Price = _order.Price,
            LastQty = _order.OrderQty,
            LastPx = _order.Price,
            LeavesQty = 0,
            CumQty = _order.OrderQty,
            AvgPx = _order.Price!.Value,
            TransactTime = time,
        };
    }

    /// <summary>Encode and decode one order; returns its length so the work is not dropped.</summary>
    [Benchmark]
    public int NewOrderSingleRoundTrip()
    {
        FixEncoder.TryEncode(_header, _order, _buffer, out int written);
        FixDecoder.TryDecode(_buffer.AsSpan(0, written), out FixMessage message, out _);
        return written + message.Header.MsgSeqNum;
    }

    /// <summary>Encode and decode one execution report.</summary>
    [Benchmark]
    public int ExecutionReportRoundTrip()
    {
        FixEncoder.TryEncode(_header, _report, _buffer, out int written);
        FixDecoder.TryDecode(_buffer.AsSpan(0, written), out FixMessage message, out _);
        return written + message.Header.MsgSeqNum;
    }

    [Benchmark]
    public int NewOrderSingleEncode()
    {
        FixEncoder.TryEncode(_header, _order, _buffer, out int written);
        return written;
    }
}
