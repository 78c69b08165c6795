using QkdNet.KeyManagement;
using QkdNet.PostProcessing.Authentication;
using QkdNet.Services.KeyDelivery;
using QkdNet.Services.Trading.Channel;
using QkdNet.Services.Trading.Session;
using QkdNet.Tests.Services.KeyDelivery.Support;
using QkdNet.Tests.Services.Trading.Channel;

namespace QkdNet.Tests.Services.Trading.Session;

public sealed class FetchedPadLookupTests
{
    private static readonly KeyBufferOptions Keys = new() { KeySizeBits = 2048, MinKeys = 200, MaxKeys = 200 };

    [Fact]
    public async Task Open_ThroughManyKeys_HoldsOnlyTheKeyInUse_AndARetiredKeyAnswersAlreadyUsed()
    {
        var kme = new FakeKeyDelivery(maxKeyPerRequest: 50);
        await using var master = new KeyBuffer(kme, SaeId.Create("broker"), Keys);
        await using var slave = new SlaveKeyBuffer(kme, SaeId.Create("investor"), Keys);
        using var source = new AnnouncedPadSource(master);
        using var lookup = new FetchedPadLookup(slave);
        source.Announce += slave.Announce;
        slave.BatchFetched += source.MarkReady;
        Assert.Null(await master.RefillAsync());
        Assert.Null(await slave.FetchAnnouncedAsync());
        using var sealer = new MessageSealer(source, AuthenticationRole.Alice, new ChannelOptions { Policy = FallbackPolicy.Fail });
        using var opener = new MessageOpener(lookup, AuthenticationRole.Alice);

        ChannelHeader first = default;
        for (int i = 0; i < 300; i++)
        {
            byte[] frame = ChannelPair.Seal(sealer, ChannelPair.Payload(100, i)); // 116 bytes of pad: two messages per 256-byte key
            Assert.Equal(OpenStatus.Opened, ChannelPair.Open(opener, frame).Result.Status);
            Assert.Equal(1, lookup.KeysHeld);
            if (i == 0)
            {
                Assert.Equal(OpenStatus.Opened, ChannelHeader.TryRead(frame, out first));
            }
        }

        Assert.Equal(50, slave.Count); // 150 keys went through the lookup, and none of them stayed
        byte[] pad = new byte[KeyBudget.OneTimePadBytes(100)];
        Assert.Equal(PadLookupStatus.AlreadyUsed, lookup.TryRead(new PadSegment(first.KeyId, 128, pad.Length), pad));
    }

    [Fact]
    public void KeyIdWindow_PastItsCapacity_ForgetsTheOldestAndKeepsTheRest()
    {
        var window = new KeyIdWindow(3);
        KeyId[] ids = [.. Enumerable.Range(0, 5).Select(_ => KeyId.New())];
        foreach (KeyId id in ids)
        {
            window.Set(id, false);
        }

        window.Set(ids[2], true); // a flag changed does not make an ID newer

        Assert.Equal(3, window.Count);
        Assert.False(window.Contains(ids[0]));
        Assert.False(window.Contains(ids[1]));
        Assert.True(window.TryGetValue(ids[2], out bool flag) && flag);
        window.Set(KeyId.New(), false);
        Assert.False(window.Contains(ids[2]));
        Assert.True(window.Contains(ids[4]));
    }
}
