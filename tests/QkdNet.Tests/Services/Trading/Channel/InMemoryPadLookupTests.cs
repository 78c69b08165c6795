using QkdNet.KeyManagement;
using QkdNet.Services.Trading.Channel;

namespace QkdNet.Tests.Services.Trading.Channel;

public sealed class InMemoryPadLookupTests
{
    private readonly KeyId _id = KeyId.New();
    private readonly byte[] _key = Enumerable.Range(1, 100).Select(i => (byte)i).ToArray(); // content irrelevant, visible in failures

    [Fact]
    public void AddOwned_KeepsTheArrayItself_AndZeroesItAsItIsConsumed()
    {
        byte[] owned = [.. _key];
        using var lookup = new InMemoryPadLookup();
        Assert.True(lookup.AddOwned(_id, owned));
        byte[] read = new byte[10];

        Assert.Equal(PadLookupStatus.Found, lookup.TryRead(new PadSegment(_id, 20, 10), read));
        lookup.Consume(new PadSegment(_id, 0, 30));

        Assert.Equal(_key[20..30], read);
        Assert.All(owned[..30], b => Assert.Equal(0, b));
        Assert.Equal(_key[30..], owned[30..]);
    }

    [Fact]
    public void AddOwned_AnIdAlreadyHeld_ReturnsFalseAndZeroesTheArrayItWasGiven()
    {
        using InMemoryPadLookup lookup = Lookup();
        byte[] second = [.. _key];

        Assert.False(lookup.AddOwned(_id, second));

        Assert.All(second, b => Assert.Equal(0, b));
        byte[] read = new byte[10];
        Assert.Equal(PadLookupStatus.Found, lookup.TryRead(new PadSegment(_id, 0, 10), read));
        Assert.Equal(_key[..10], read);
    }

    [Fact]
    public void TryRead_NotConsumed_CanBeReadAgain()
    {
        using InMemoryPadLookup lookup = Lookup();
        byte[] first = new byte[10], second = new byte[10];
        Assert.Equal(PadLookupStatus.Found, lookup.TryRead(new PadSegment(_id, 20, 10), first));
        Assert.Equal(PadLookupStatus.Found, lookup.TryRead(new PadSegment(_id, 20, 10), second));
        Assert.Equal(_key[20..30], first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Consume_Segment_MakesItAndEveryEarlierByteAlreadyUsed()
    {
        using InMemoryPadLookup lookup = Lookup();
        lookup.Consume(new PadSegment(_id, 40, 10));

        Assert.Equal(PadLookupStatus.AlreadyUsed, lookup.TryRead(new PadSegment(_id, 40, 10), new byte[10]));
        Assert.Equal(PadLookupStatus.AlreadyUsed, lookup.TryRead(new PadSegment(_id, 0, 10), new byte[10]));
        Assert.Equal(PadLookupStatus.Found, lookup.TryRead(new PadSegment(_id, 50, 10), new byte[10]));
    }

    [Fact]
    public void Consume_WholeKey_LaterReadsAreAlreadyUsedNotUnknown()
    {
        using InMemoryPadLookup lookup = Lookup();
        lookup.Consume(new PadSegment(_id, 0, 100));
        Assert.Equal(PadLookupStatus.AlreadyUsed, lookup.TryRead(new PadSegment(_id, 90, 10), new byte[10]));
    }

    [Fact]
    public void TryRead_UnknownKeyOrPastTheEnd_SaysWhich()
    {
        using InMemoryPadLookup lookup = Lookup();
        Assert.Equal(PadLookupStatus.UnknownKey, lookup.TryRead(new PadSegment(KeyId.New(), 0, 10), new byte[10]));
        Assert.Equal(PadLookupStatus.OutOfRange, lookup.TryRead(new PadSegment(_id, 95, 10), new byte[10]));
    }

    [Fact]
    public void Add_SameIdTwice_IsRefused()
    {
        using InMemoryPadLookup lookup = Lookup();
        Assert.False(lookup.Add(_id, _key));
    }

    [Fact]
    public void ToString_ShowsNoKeyBytes()
    {
        using InMemoryPadLookup lookup = Lookup();
        Assert.Equal("InMemoryPadLookup(1 keys)", lookup.ToString());
    }

    private InMemoryPadLookup Lookup()
    {
        var lookup = new InMemoryPadLookup();
        lookup.Add(_id, _key);
        return lookup;
    }
}
