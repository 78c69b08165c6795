using QkdNet.Services.Trading.Fix;

namespace QkdNet.Services.Trading.Session;

/// <summary>
/// The investor's orders sent and not answered yet, each a copy of its FIX message kept for a resend after a
/// reconnect. Allocation-free once warm: copies go into buffers that answered orders gave back (cleared first: an
/// order is the customer's business), and the dictionary reuses the entries removals free. Thread-safe (one lock;
/// the sender adds, the receiving thread removes).
/// </summary>
internal sealed class OutstandingOrders
{
    /// <summary>Buffers kept for reuse at most (of <see cref="FixEncoder.MaxMessageLength"/> bytes each, 4 MiB in all).</summary>
    internal const int MaxSpare = 4096;

    private readonly Dictionary<long, (byte[] Buffer, int Length)> _orders = new(1024);
    private readonly Stack<byte[]> _spare = new();
    private readonly Lock _gate = new();

    /// <summary>Orders held.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _orders.Count;
            }
        }
    }

    /// <summary>Keeps a copy of <paramref name="order"/> as order <paramref name="number"/> (replacing one held under that number).</summary>
    public void Add(long number, ReadOnlySpan<byte> order)
    {
        lock (_gate)
        {
            byte[] buffer = order.Length <= FixEncoder.MaxMessageLength && _spare.TryPop(out byte[]? spare)
                ? spare
                : new byte[Math.Max(order.Length, FixEncoder.MaxMessageLength)];
            order.CopyTo(buffer);
            if (_orders.Remove(number, out (byte[] Buffer, int Length) replaced))
            {
                GiveBack(replaced);
            }

            _orders[number] = (buffer, order.Length);
        }
    }

    /// <summary>Drops order <paramref name="number"/>; false when it was not held (answered already, or never sent).</summary>
    public bool TryRemove(long number)
    {
        lock (_gate)
        {
            if (!_orders.Remove(number, out (byte[] Buffer, int Length) removed))
            {
                return false;
            }

            GiveBack(removed);
            return true;
        }
    }

    /// <summary>
    /// Copies of the orders held, lowest number first (for a resend: copies, since a held buffer goes back for reuse
    /// as soon as its order is answered, which may happen while the resend runs).
    /// </summary>
    public byte[][] CopyInOrder()
    {
        lock (_gate)
        {
            return [.. _orders.OrderBy(o => o.Key).Select(o => o.Value.Buffer.AsSpan(0, o.Value.Length).ToArray())];
        }
    }

    private void GiveBack((byte[] Buffer, int Length) order)
    {
        Array.Clear(order.Buffer, 0, order.Length);
        if (order.Buffer.Length == FixEncoder.MaxMessageLength && _spare.Count < MaxSpare)
        {
            _spare.Push(order.Buffer);
        }
    }
}
