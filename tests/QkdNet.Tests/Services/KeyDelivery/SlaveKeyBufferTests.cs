using QkdNet.KeyManagement;
using QkdNet.Services.KeyDelivery;
using QkdNet.Tests.Services.KeyDelivery.Support;

namespace QkdNet.Tests.Services.KeyDelivery;

public sealed class SlaveKeyBufferTests
{
    private static readonly SaeId Slave = SaeId.Create("sae-b1");
    private static readonly SaeId Master = SaeId.Create("sae-a1");
    private static readonly KeyBufferOptions Small = new() { MinKeys = 10, MaxKeys = 100 };

    [Fact]
    public async Task AnnouncedBatches_AreFetchedById_AndTakenWithTheMastersBytes()
    {
        var kme = new FakeKeyDelivery(maxKeyPerRequest: 5);
        await using var master = new KeyBuffer(kme, Slave, Small);
        await using var slave = new SlaveKeyBuffer(kme, Master, Small);
        master.BatchAnnounced += slave.Announce;
        await master.RefillAsync();

        Assert.Null(await slave.FetchAnnouncedAsync());

        Assert.Equal(2, kme.DecKeysCalls);
        while (master.TryTake(out DeliveredKey? sent))
        {
            Assert.True(slave.TryTake(sent.Id, out DeliveredKey? received));
            Assert.True(received.Material.FixedTimeEquals(sent.Material.Span));
            Assert.False(slave.TryTake(sent.Id, out _));
            sent.Material.Dispose();
            received.Material.Dispose();
        }

        Assert.All(kme.HandedOut, bytes => Assert.All(bytes, b => Assert.Equal(0, b)));
    }

    [Fact]
    public async Task Unavailable_DefersTheBatch_WhichTheNextPassFetches()
    {
        var kme = new FakeKeyDelivery(maxKeyPerRequest: 10);
        await using var master = new KeyBuffer(kme, Slave, Small);
        await using var slave = new SlaveKeyBuffer(kme, Master, Small);
        master.BatchAnnounced += slave.Announce;
        await master.RefillAsync();
        kme.FailNext(new KeyDeliveryError(KeyDeliveryErrorKind.Unavailable, 503, "key store sealed"));

        Assert.Equal(KeyDeliveryErrorKind.Unavailable, (await slave.FetchAnnouncedAsync())!.Kind);
        Assert.Equal(0, slave.Count);
        Assert.Null(await slave.FetchAnnouncedAsync());

        Assert.Equal(10, slave.Count);
    }

    [Fact]
    public async Task OtherFailure_DropsTheBatchAndReportsItsIds_WithoutAskingAgain()
    {
        var kme = new FakeKeyDelivery(maxKeyPerRequest: 10);
        await using var master = new KeyBuffer(kme, Slave, Small);
        await using var slave = new SlaveKeyBuffer(kme, Master, Small);
        var announced = new List<KeyId>();
        master.BatchAnnounced += announced.AddRange;
        master.BatchAnnounced += slave.Announce;
        var dropped = new List<KeyId>();
        slave.FetchFailed += (ids, _) => dropped.AddRange(ids);
        await master.RefillAsync();
        kme.FailNext(new KeyDeliveryError(KeyDeliveryErrorKind.Transport, null, "connection reset"));

        Assert.Null(await slave.FetchAnnouncedAsync());
        Assert.Null(await slave.FetchAnnouncedAsync());

        Assert.Equal(announced, dropped);
        Assert.Equal(1, kme.DecKeysCalls);
        Assert.Equal(0, slave.Count);
    }

    [Fact]
    public async Task Dispose_ZeroesEveryKeyNotTaken()
    {
        var kme = new FakeKeyDelivery(maxKeyPerRequest: 10);
        await using var master = new KeyBuffer(kme, Slave, Small);
        var slave = new SlaveKeyBuffer(kme, Master, Small);
        master.BatchAnnounced += slave.Announce;
        await master.RefillAsync();
        await slave.FetchAnnouncedAsync();

        await slave.DisposeAsync();
        await master.DisposeAsync();

        Assert.Equal(20, kme.HandedOut.Count);
        Assert.All(kme.HandedOut, bytes => Assert.All(bytes, b => Assert.Equal(0, b)));
    }
}
