using QkdNet.Services.Trading.Session;

namespace QkdNet.Tests.Services.Trading.Session;

public sealed class OutstandingOrdersTests
{
    [Fact]
    public void CopyInOrder_HoldsEachOrdersBytes_LowestNumberFirst()
    {
        var orders = new OutstandingOrders();
        orders.Add(7, [7, 7]);
        orders.Add(2, [2]);
        orders.Add(5, [5, 5, 5]);

        byte[][] copies = orders.CopyInOrder();

        Assert.Equal(3, orders.Count);
        Assert.Equal([[2], [5, 5, 5], [7, 7]], copies);
    }

    [Fact]
    public void TryRemove_AnsweredOnce_SecondAnswerIsNotOutstanding()
    {
        var orders = new OutstandingOrders();
        orders.Add(1, [1, 2, 3]);

        Assert.True(orders.TryRemove(1));
        Assert.False(orders.TryRemove(1));
        Assert.Equal(0, orders.Count);
    }

    [Fact]
    public void Add_SameNumberAgain_ReplacesTheCopy()
    {
        var orders = new OutstandingOrders();
        orders.Add(1, [1, 1, 1, 1]);
        orders.Add(1, [9]);

        Assert.Equal(1, orders.Count);
        Assert.Equal([[9]], orders.CopyInOrder());
    }

    [Fact]
    public void Add_ReusesAnAnsweredOrdersBuffer_WithoutItsOldBytes()
    {
        var orders = new OutstandingOrders();
        orders.Add(1, [.. Enumerable.Repeat((byte)0xAB, 200)]);
        orders.TryRemove(1);

        orders.Add(2, [1, 2]);

        // the copy holds the new order only; nothing of the answered one shows through
        Assert.Equal([[1, 2]], orders.CopyInOrder());
    }

    [Fact]
    public void AddAndRemove_OnceWarm_AllocateNothingPerOrder()
    {
        var orders = new OutstandingOrders();
        byte[] order = new byte[200];
        Cycle(orders, order, 0, 2_000);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Cycle(orders, order, 2_000, 12_000);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(0, orders.Count);
    }

    /// <summary>Orders <paramref name="from"/> to <paramref name="to"/>, four outstanding at a time.</summary>
    private static void Cycle(OutstandingOrders orders, byte[] order, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            orders.Add(i, order);
            if (i % 4 == 3)
            {
                for (int j = i - 3; j <= i; j++)
                {
                    orders.TryRemove(j);
                }
            }
        }
    }
}
