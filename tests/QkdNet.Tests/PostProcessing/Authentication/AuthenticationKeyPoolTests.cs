using QkdNet.PostProcessing.Authentication;
using QkdNet.Primitives;

namespace QkdNet.Tests.PostProcessing.Authentication;

public sealed class AuthenticationKeyPoolTests
{
    private static BitString RandomBits(int length, Random rng)
    {
        var s = new BitString(length);
        for (int i = 0; i < length; i++)
        {
            s[i] = rng.Next(2) == 1;
        }

        return s;
    }

    [Fact]
    public void Replenish_SteadyLevelOverManyBlocks_KeepsTheBufferBounded()
    {
        // A link tops the pool up after every block and uses part of it in the next.
        var rng = new Random(2);
        using var pool = new AuthenticationKeyPool(RandomBits(4096, rng));
        Span<ulong> pad = stackalloc ulong[1];
        for (int block = 0; block < 2000; block++)
        {
            for (int message = 0; message < 20; message++)
            {
                Assert.True(pool.TryTakeWords(pad));
            }

            pool.Replenish(RandomBits(4096 - (int)pool.BitsAvailable + 5, rng));
        }

        Assert.InRange(pool.CapacityWords, 1, 4 * ((4096 + 64 + 5) / 64 + 2));
    }

    [Fact]
    public void TryTake_AcrossUnalignedReplenishments_ReturnsBitsInOrder()
    {
        var rng = new Random(1);
        var all = new List<bool>();
        BitString first = RandomBits(77, rng);
        using var pool = new AuthenticationKeyPool(first);
        all.AddRange(Enumerable.Range(0, 77).Select(i => first[i]));
        var taken = new List<bool>();
        for (int round = 0; round < 40; round++)
        {
            BitString more = RandomBits(rng.Next(1, 300), rng);
            pool.Replenish(more);
            all.AddRange(Enumerable.Range(0, more.Length).Select(i => more[i]));
            int want = rng.Next(0, (int)pool.BitsAvailable + 1);
            Assert.True(pool.TryTake(want, out BitString? bits));
            taken.AddRange(Enumerable.Range(0, want).Select(i => bits[i]));
        }

        Assert.Equal(all.Take(taken.Count), taken);
        Assert.Equal(all.Count - taken.Count, pool.BitsAvailable);
    }

    [Fact]
    public void Accounting_AddedEqualsConsumedPlusAvailable()
    {
        var rng = new Random(2);
        using var pool = new AuthenticationKeyPool(RandomBits(1000, rng));
        pool.Replenish(RandomBits(333, rng));
        Assert.True(pool.TryTake(500, out _));
        Assert.True(pool.TryTake(1, out _));
        Assert.Equal(1333, pool.BitsAdded);
        Assert.Equal(501, pool.BitsConsumed);
        Assert.Equal(832, pool.BitsAvailable);
    }

    [Fact]
    public void TryTake_MoreThanAvailable_ReturnsFalseAndTakesNothing()
    {
        using var pool = new AuthenticationKeyPool(new BitString(100));
        Assert.False(pool.TryTake(101, out BitString? bits));
        Assert.Null(bits);
        Assert.Equal(100, pool.BitsAvailable);
        Assert.Equal(0, pool.BitsConsumed);
    }

    [Fact]
    public void ToString_ShowsAccountingNotBits()
    {
        using var pool = new AuthenticationKeyPool(BitString.FromWords([0xDEADBEEFUL], 64));
        Assert.DoesNotContain("DEADBEEF", pool.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("64 bits available", pool.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_ThenTake_ThrowsObjectDisposed()
    {
        var pool = new AuthenticationKeyPool(new BitString(64));
        pool.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pool.TryTake(1, out _));
    }
}
