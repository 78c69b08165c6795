using System.Buffers;
using QkdNet.Node.Web;

namespace QkdNet.Node.Tests.Web;

public sealed class LargeBlockMemoryPoolTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(LargeBlockMemoryPool.BlockBytes)]
    public void Rent_AnySizeUpToABlock_GivesAWholeBlock(int size)
    {
        using var pool = new LargeBlockMemoryPool();

        using IMemoryOwner<byte> lease = pool.Rent(size);

        Assert.Equal(LargeBlockMemoryPool.BlockBytes, lease.Memory.Length);
        Assert.Equal(LargeBlockMemoryPool.BlockBytes, pool.MaxBufferSize);
    }

    [Fact]
    public void Rent_MoreThanABlock_Throws()
    {
        using var pool = new LargeBlockMemoryPool();

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(LargeBlockMemoryPool.BlockBytes + 1));
    }

    [Fact]
    public void Dispose_OfALease_ReturnsItsBlockOnceForTheNextRent()
    {
        using var pool = new LargeBlockMemoryPool();
        IMemoryOwner<byte> first = pool.Rent();
        first.Memory.Span[0] = 42;
        Assert.Equal(1, pool.Outstanding);

        first.Dispose();
        first.Dispose();
        using IMemoryOwner<byte> second = pool.Rent();
        using IMemoryOwner<byte> third = pool.Rent();

        Assert.Equal(2, pool.Outstanding);
        Assert.Equal(42, second.Memory.Span[0]);
        Assert.Throws<ObjectDisposedException>(() => first.Memory);
    }

    [Fact]
    public void Rent_FromManyThreadsAtOnce_NeverHandsOneBlockToTwoLeases()
    {
        using var pool = new LargeBlockMemoryPool();
        int clashes = 0;

        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            using IMemoryOwner<byte> lease = pool.Rent();
            Span<byte> block = lease.Memory.Span;
            byte mark = (byte)i;
            block[..64].Fill(mark);
            Thread.Yield();
            if (block[..64].ContainsAnyExcept(mark))
            {
                Interlocked.Increment(ref clashes);
            }
        });

        Assert.Equal(0, clashes);
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public void Factory_Create_GivesAFreshLargeBlockPool()
    {
        using MemoryPool<byte> pool = LargeBlockMemoryPoolFactory.Instance.Create();

        Assert.IsType<LargeBlockMemoryPool>(pool);
    }
}
