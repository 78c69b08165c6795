using System.Collections.Concurrent;
using QkdNet.KeyManagement;
using QkdNet.Services.KeyDelivery;
using QkdNet.Tests.KeyManagement.Support;
using QkdNet.Tests.Services.KeyDelivery.Support;

namespace QkdNet.Tests.Services.KeyDelivery;

public sealed class KeyBufferTests
{
    private static readonly SaeId Slave = SaeId.Create("sae-b1");
    private static readonly KeyBufferOptions Small = new() { MinKeys = 40, MaxKeys = 1000 };

    [Fact]
    public async Task TryTake_ManyThreadsWhileRefilling_HandsEveryKeyOutOnce_AndEachIsZeroedAfterUse()
    {
        var kme = new FakeKeyDelivery(maxKeyPerRequest: 7);
        await using var buffer = new KeyBuffer(kme, Slave, Small);
        var ids = new ConcurrentBag<KeyId>();
        const int Threads = 8;
        const int PerThread = 250;
        Task[] takers = [.. Enumerable.Range(0, Threads).Select(_ => Task.Run(async () =>
        {
            int taken = 0;
            for (int spins = 0; taken < PerThread && spins < 1_000_000; spins++)
            {
                if (buffer.TryTake(out DeliveredKey? key))
                {
                    ids.Add(key.Id);
                    key.Material.Dispose();
                    taken++;
                }
                else
                {
                    await buffer.RefillAsync();
                }
            }
        }))];

        await Task.WhenAll(takers);

        Assert.Equal(Threads * PerThread, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        await buffer.DisposeAsync();
        Assert.All(kme.HandedOut, bytes => Assert.All(bytes, b => Assert.Equal(0, b)));
    }

    [Fact]
    public async Task Refill_AnnouncesEachBatchBeforeItsKeysCanBeTaken_InBatchesOfAtMostMaxKeyPerRequest()
    {
        var kme = new FakeKeyDelivery(maxKeyPerRequest: 16);
        await using var buffer = new KeyBuffer(kme, Slave, Small);
        var announced = new List<KeyId>();
        var levelsWhenAnnounced = new List<int>();
        buffer.BatchAnnounced += batch =>
        {
            levelsWhenAnnounced.Add(buffer.Count);
            announced.AddRange(batch);
        };

        Assert.Null(await buffer.RefillAsync());

        Assert.Equal([16, 16, 8], kme.EncKeysNumbers);
        Assert.Equal([0, 16, 32], levelsWhenAnnounced); // no key of a batch is in the buffer when it is announced
        Assert.Equal(40, buffer.Count);
        var taken = new List<KeyId>();
        while (buffer.TryTake(out DeliveredKey? key))
        {
            taken.Add(key.Id);
            key.Material.Dispose();
        }

        Assert.Equal(announced, taken);
    }

    [Fact]
    public async Task Refill_SizesTheLevelFromTheObservedConsumption()
    {
        var time = new FakeTimeProvider();
        var kme = new FakeKeyDelivery(maxKeyPerRequest: 100);
        await using var buffer = new KeyBuffer(kme, Slave, Small with { Horizon = TimeSpan.FromSeconds(2) }, time);
        await buffer.RefillAsync();
        Assert.Equal(40, buffer.TargetLevel);

        for (int i = 0; i < 30; i++)
        {
            Assert.True(buffer.TryTake(out DeliveredKey? key));
            key.Material.Dispose();
        }

        time.Advance(TimeSpan.FromSeconds(0.1)); // 300 keys/s, so 2 s of it is 600 keys
        await buffer.RefillAsync();

        Assert.Equal(300, buffer.ConsumptionPerSecond, 6);
        Assert.Equal(600, buffer.TargetLevel);
        Assert.Equal(600, buffer.Count);
    }

    [Fact]
    public async Task TryTake_BelowLowWater_RaisesTheEventOncePerCrossing()
    {
        var kme = new FakeKeyDelivery(maxKeyPerRequest: 100);
        await using var buffer = new KeyBuffer(kme, Slave, Small);
        var levels = new List<int>();
        buffer.LowWater += levels.Add;
        await buffer.RefillAsync();

        for (int i = 0; i < 35; i++)
        {
            Assert.True(buffer.TryTake(out DeliveredKey? key));
            key.Material.Dispose();
        }

        Assert.Equal([9], levels); // low water is 40 x 0.25 = 10 keys
        await buffer.RefillAsync();
        Assert.True(buffer.TryTake(out DeliveredKey? again));
        again.Material.Dispose();
        Assert.Single(levels);
    }

    [Fact]
    public async Task Refill_KmeUnavailable_ReportsTheErrorAndHandsOutNothing()
    {
        var kme = new FakeKeyDelivery();
        var unavailable = new KeyDeliveryError(KeyDeliveryErrorKind.Unavailable, 503, "keys are being exhausted");
        kme.FailNext(unavailable);
        await using var buffer = new KeyBuffer(kme, Slave, Small);
        var failures = new List<KeyDeliveryError>();
        buffer.FetchFailed += failures.Add;

        Assert.Equal(unavailable, await buffer.RefillAsync());

        Assert.Equal([unavailable], failures);
        Assert.False(buffer.TryTake(out _));
    }

    [Fact]
    public async Task Refill_KeySizeOutsideTheKmesRange_IsAClearErrorNotAFetch()
    {
        var kme = new FakeKeyDelivery();
        await using var buffer = new KeyBuffer(kme, Slave, Small with { KeySizeBits = 16_384 });

        KeyDeliveryError? error = await buffer.RefillAsync();

        Assert.Contains("16384 bits", error!.Message, StringComparison.Ordinal);
        Assert.Empty(kme.EncKeysNumbers);
    }

    [Fact]
    public void Options_OutOfRange_AreRefusedNamingTheSetting()
    {
        var kme = new FakeKeyDelivery();
        ArgumentException e = Assert.Throws<ArgumentException>(() => new KeyBuffer(kme, Slave, new KeyBufferOptions { KeySizeBits = 100 }));
        Assert.Contains("KeySizeBits", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_ZeroesEveryKeyNotTaken()
    {
        var kme = new FakeKeyDelivery(maxKeyPerRequest: 100);
        var buffer = new KeyBuffer(kme, Slave, Small);
        await buffer.RefillAsync();

        await buffer.DisposeAsync();

        Assert.Equal(40, kme.HandedOut.Count);
        Assert.All(kme.HandedOut, bytes => Assert.All(bytes, b => Assert.Equal(0, b)));
        Assert.False(buffer.TryTake(out _));
    }

    [Fact]
    public async Task Start_RefillsInTheBackground()
    {
        var kme = new FakeKeyDelivery(maxKeyPerRequest: 100);
        await using var buffer = new KeyBuffer(kme, Slave, Small with { PollInterval = TimeSpan.FromMilliseconds(5) });

        buffer.Start();

        for (int i = 0; i < 2000 && buffer.Count < 40; i++)
        {
            await Task.Delay(5);
        }

        Assert.Equal(40, buffer.Count);
    }

    [Fact]
    public async Task Background_AfterAFailedFetch_WaitsTheRetryDelay_HoweverOftenAnEmptyBufferIsTaken()
    {
        var kme = new FakeKeyDelivery { FailAll = new KeyDeliveryError(KeyDeliveryErrorKind.Unavailable, 503, "keys are being exhausted") };
        await using var buffer = new KeyBuffer(kme, Slave, Small with { PollInterval = TimeSpan.FromMilliseconds(5), RetryDelay = TimeSpan.FromHours(1) });
        buffer.Start();
        for (int i = 0; i < 2000 && kme.EncKeysCalls == 0; i++)
        {
            await Task.Delay(5);
        }

        // an application polling an empty buffer must not turn a KME outage into a storm of requests
        for (int i = 0; i < 50; i++)
        {
            Assert.False(buffer.TryTake(out _));
            await Task.Delay(2);
        }

        Assert.Equal(1, kme.EncKeysCalls);
    }
}
