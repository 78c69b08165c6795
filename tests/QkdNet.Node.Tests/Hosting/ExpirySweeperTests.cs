using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Sealing;
using QkdNet.KeyManagement.Storage;
using QkdNet.Node.Configuration;
using QkdNet.Node.Hosting;
using QkdNet.Node.Tests.Support;

namespace QkdNet.Node.Tests.Hosting;

/// <summary>
/// <see cref="ExpirySweeper"/> on a real SQLite store and a manual clock: reserved keys the slave never fetches are
/// destroyed once their lifetime has passed; their material does not go back to the pool.
/// </summary>
public sealed class ExpirySweeperTests : IAsyncLifetime
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(10);
    private static readonly LinkId Pool = LinkId.Create("AB.A");
    private static readonly SaeId Master = SaeId.Create("sae-a1");
    private static readonly SaeId Slave = SaeId.Create("sae-b1");

    private readonly string _folder = Directory.CreateTempSubdirectory("qkdnet-sweeper-").FullName;
    private readonly ManualTimeProvider _time = new();
    private readonly CapturingLogger<ExpirySweeper> _log = new();
    private readonly List<IKeyStore> _stores = [];
    private ExpirySweeper? _sweeper;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_sweeper is not null)
        {
            await _sweeper.StopAsync(CancellationToken.None);
            _sweeper.Dispose();
        }

        foreach (IKeyStore store in _stores)
        {
            await store.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ReservedKeyTheSlaveNeverFetches_IsDestroyedAtExpiry_NotReturnedToThePool()
    {
        IKeyStore store = await ReadyStoreAsync("a");
        Reservation fetchedLater = await ReserveAsync(store, KeyDeliveryScope.Local);
        Reservation neverFetched = await ReserveAsync(store, KeyDeliveryScope.Local);
        Assert.True((await store.FetchAsync(new FetchRequest(Slave, Master, [fetchedLater.Keys[0].Id]))).IsSuccess);
        long bitsBeforeExpiry = store.GetPoolStatus(Pool).Value.AvailableBits;
        await StartSweeperAsync(store);

        _time.Advance(Lifetime + (2 * SweepInterval));

        Assert.Equal("Destroyed 1 expired keys.", await _log.NextLineAsync());
        Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure> late = await store.FetchAsync(new FetchRequest(Slave, Master, [neverFetched.Keys[0].Id]));
        Assert.Equal(KeyStoreError.UnknownKey, late.Error?.Code);
        Assert.Equal(bitsBeforeExpiry, store.GetPoolStatus(Pool).Value.AvailableBits);
        Assert.True((await store.VerifyAuditChainAsync()).IsIntact);
    }

    [Fact]
    public async Task ImportedKeyOnTheSlaveKme_NeverFetched_IsDestroyedAtExpiry()
    {
        IKeyStore master = await ReadyStoreAsync("a");
        IKeyStore slave = await ReadyStoreAsync("b");
        Reservation reservation = await ReserveAsync(master, KeyDeliveryScope.Remote);
        Assert.True((await slave.ImportAsync(reservation.Descriptor)).IsSuccess);
        long slaveBits = slave.GetPoolStatus(Pool).Value.AvailableBits;
        await StartSweeperAsync(slave);

        _time.Advance(Lifetime + (2 * SweepInterval));

        Assert.Equal("Destroyed 1 expired keys.", await _log.NextLineAsync());
        Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure> late = await slave.FetchAsync(new FetchRequest(Slave, Master, [reservation.Keys[0].Id]));
        Assert.Equal(KeyStoreError.UnknownKey, late.Error?.Code);
        Assert.Equal(slaveBits, slave.GetPoolStatus(Pool).Value.AvailableBits);
    }

    [Fact]
    public async Task KeyFetchedWithinItsLifetime_IsDeliveredAndNothingIsSwept()
    {
        IKeyStore store = await ReadyStoreAsync("a");
        Reservation reservation = await ReserveAsync(store, KeyDeliveryScope.Local);
        await StartSweeperAsync(store);

        _time.Advance(Lifetime - SweepInterval);
        Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure> fetched = await store.FetchAsync(new FetchRequest(Slave, Master, [reservation.Keys[0].Id]));
        _time.Advance(Lifetime);

        Assert.True(fetched.IsSuccess, fetched.Error?.Detail);
        Assert.True(fetched.Value[0].Material.FixedTimeEquals(reservation.Keys[0].Material.Span));
        Assert.Equal(0, (await store.SweepExpiredAsync()).Value);
    }

    private async Task<IKeyStore> ReadyStoreAsync(string name)
    {
        IKeyStore store = SqliteKeyStore.Open(
            new SqliteKeyStoreOptions { Path = Path.Combine(_folder, name + ".db"), ReservationLifetime = Lifetime, DefaultPool = new PoolOptions(256, 1024, 4096, 1L << 30) },
            _time);
        _stores.Add(store);
        Assert.True((await store.InitializeSealAsync(new SealSetup("passphrase", 0, 0, SealSetup.MinPbkdf2Iterations))).IsSuccess);

        // the same block on both nodes, as a link delivers it
        byte[] block = new byte[4096];
        new Random(7).NextBytes(block);
        Assert.True((await store.IngestBlockAsync(Pool, BlockId.Create("b0"), block)).IsSuccess);
        return store;
    }

    private static async Task<Reservation> ReserveAsync(IKeyStore store, KeyDeliveryScope scope)
    {
        Result<Reservation, KeyStoreFailure> reserved = await store.ReserveAsync(new ReserveRequest(Pool, Master, [Slave], 1, 256, scope));
        Assert.True(reserved.IsSuccess, reserved.Error?.Detail);
        return reserved.Value;
    }

    private async Task StartSweeperAsync(IKeyStore store)
    {
        var settings = new StoreSettings(Path.Combine(_folder, "unused.db"), Lifetime, SweepInterval, 1024, 8192, 8, PoolOptions.Default);
        _sweeper = new ExpirySweeper(store, settings, _time, _log);
        await _sweeper.StartAsync(CancellationToken.None);
        await _time.WaitForScheduledTimerAsync();
    }
}
