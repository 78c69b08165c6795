using QkdNet.Services.Trading.Fix;

namespace QkdNet.Services.Trading.Session;

/// <summary>
/// The broker's answer to each FIX message: a NewOrderSingle is filled whole at its limit price (an ExecutionReport,
/// 35=8, ExecType F, OrdStatus 2, OrderID and ExecID derived from the ClOrdID so a repeated order gets the same
/// answer), a message that does not decode gets a session Reject (35=3) with its reason, anything else no answer.
/// A stand-in for a matching engine, and the same work in every transport the harness compares.
/// Not thread-safe: one per connection's receive loop.
/// </summary>
public sealed class BrokerDesk
{
    private readonly FixId _sender;
    private readonly FixId _target;
    private readonly TimeProvider _time;
    private int _sequence;

    /// <summary>A desk answering as <paramref name="sender"/> to <paramref name="target"/>, stamping times from <paramref name="time"/>.</summary>
    public BrokerDesk(FixId sender, FixId target, TimeProvider? time = null)
    {
        _sender = sender;
        _target = target;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Orders filled so far.</summary>
    public long Filled { get; private set; }

    /// <summary>Messages answered with a Reject so far.</summary>
    public long Rejected { get; private set; }

    /// <summary>Writes the answer to <paramref name="message"/> into <paramref name="reply"/> (at least <see cref="FixEncoder.MaxMessageLength"/> bytes); 0 when none is due.</summary>
    public int Answer(ReadOnlySpan<byte> message, Span<byte> reply)
    {
        DateTime now = _time.GetUtcNow().UtcDateTime;
        var header = new FixHeader { SenderCompId = _sender, TargetCompId = _target, MsgSeqNum = ++_sequence, SendingTime = now };
        if (!FixDecoder.TryDecode(message, out FixMessage decoded, out FixDecodeError error))
        {
            Rejected++;
            return FixEncoder.TryEncode(header, FixReject.For(error), reply, out int rejectLength) ? rejectLength : 0;
        }

        if (decoded.MsgType != FixMsgType.NewOrderSingle)
        {
            _sequence--;
            return 0;
        }

        FixNewOrderSingle order = decoded.NewOrderSingle;
        FixPrice price = order.Price ?? default;
        var report = new FixExecutionReport
        {
            OrderId = order.ClOrdId,
            ClOrdId = order.ClOrdId,
            ExecId = order.ClOrdId,
            ExecType = FixExecType.Trade,
            OrdStatus = FixOrdStatus.Filled,
            Account = order.Account,
            Symbol = order.Symbol,
            Side = order.Side,
            OrderQty = order.OrderQty,
            Price = order.Price,
            LastQty = order.OrderQty,
            LastPx = price,
            LeavesQty = 0,
            CumQty = order.OrderQty,
            AvgPx = price,
            TransactTime = now,
        };
        Filled++;
        return FixEncoder.TryEncode(header, report, reply, out int written) ? written : 0;
    }
}
