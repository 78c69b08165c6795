using QkdNet.KeyManagement;
using QkdNet.Services.Trading.Channel;

namespace QkdNet.Tests.Services.Trading.Channel;

public sealed class InMemoryPadSourceTests
{
    [Fact]
    public void TryTake_InOrder_HandsOutConsecutiveSegmentsOfOneKey()
    {
        using var source = new InMemoryPadSource();
        KeyId id = KeyId.New();
        byte[] key = Enumerable.Range(1, 64).Select(i => (byte)i).ToArray();
        source.Add(id, key);
        byte[] first = new byte[16], second = new byte[16];

        Assert.True(source.TryTake(first, out PadSegment a));
        Assert.True(source.TryTake(second, out PadSegment b));

        Assert.Equal(new PadSegment(id, 0, 16), a);
        Assert.Equal(new PadSegment(id, 16, 16), b);
        Assert.Equal(key[..16], first);
        Assert.Equal(key[16..32], second);
        Assert.Equal(32, source.BytesAvailable);
    }

    [Fact]
    public void TryTake_FirstKeyTooShort_UsesTheNextAndKeepsTheTailForSmallerTakes()
    {
        using var source = new InMemoryPadSource();
        KeyId shortKey = KeyId.New(), longKey = KeyId.New();
        source.Add(shortKey, new byte[20]);
        source.Add(longKey, new byte[100]);

        Assert.True(source.TryTake(new byte[50], out PadSegment big));
        Assert.True(source.TryTake(new byte[20], out PadSegment small));

        Assert.Equal(new PadSegment(longKey, 0, 50), big);
        Assert.Equal(new PadSegment(shortKey, 0, 20), small);
    }

    [Fact]
    public void TryTake_NotEnoughInAnyKey_IsFalseAndTakesNothing()
    {
        using var source = new InMemoryPadSource();
        source.Add(KeyId.New(), new byte[10]);
        Assert.False(source.TryTake(new byte[11], out _));
        Assert.Equal(10, source.BytesAvailable);
    }

    [Fact]
    public async Task WaitForPadAsync_CompletesWhenAKeyIsAdded()
    {
        using var source = new InMemoryPadSource();
        ValueTask waiting = source.WaitForPadAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        source.Add(KeyId.New(), new byte[10]);
        await waiting;
    }
}
