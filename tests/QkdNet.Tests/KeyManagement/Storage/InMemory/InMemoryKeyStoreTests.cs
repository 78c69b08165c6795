using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Tests.KeyManagement.Storage.InMemory;

/// <summary>
/// The <see cref="KeyStoreContractTests"/> on the <see cref="KeyStoreEngine"/> over <see cref="InMemoryKeyStorage"/>, a
/// backend that uses public API only: a third store meets the contract with nothing but the engine and its primitives.
/// </summary>
public sealed class InMemoryKeyStoreTests : KeyStoreContractTests
{
    private readonly Dictionary<int, InMemoryKeyDatabase> _databases = [];

    /// <summary>The storage of node 0's store opened last, for fault injection.</summary>
    private InMemoryKeyStorage? _storage;

    protected override IKeyStore OpenStore(int node = 0, Action<AuditEventKind>? beforeAuditWrite = null, PoolOptions? pool = null)
    {
        if (!_databases.TryGetValue(node, out InMemoryKeyDatabase? database))
        {
            database = new InMemoryKeyDatabase();
            _databases.Add(node, database);
        }

        var storage = new InMemoryKeyStorage(database);
        if (node == 0)
        {
            _storage = storage;
        }

        return new KeyStoreEngine(
            storage,
            new KeyStoreEngineOptions
            {
                ReservationLifetime = Lifetime,
                DefaultPool = pool ?? new PoolOptions(256, 1024, 4096, 1L << 30),
                BeforeAuditWrite = beforeAuditWrite,
            },
            Time);
    }

    [Fact]
    public async Task Open_SecondStoreOnTheSameDatabase_IsRefusedUntilTheFirstCloses()
    {
        IKeyStore first = Track(OpenStore());

        Assert.Throws<InvalidOperationException>(() => OpenStore());
        await CloseAsync(first);
        Assert.False(Track(OpenStore()).IsInitialized);
    }

    [Fact]
    public async Task Writer_RollbackLeavesAnUnknownState_ReopensAndReloadsBeforeTheNextBatch()
    {
        IKeyStore store = await ReadyStoreAsync();
        long before = AvailableBits(store);
        _storage!.CommitFailures = 1;
        _storage.RollbackFails = true;

        Result<Reservation, KeyStoreFailure> failed = await store.ReserveAsync(Request(count: 2));
        Result<Reservation, KeyStoreFailure> next = await store.ReserveAsync(Request(count: 2));

        Assert.Equal(KeyStoreError.StorageFailure, failed.Error?.Code);
        Assert.True(next.IsSuccess, next.Error?.Detail);
        Assert.Equal(1, _storage.Reopens);
        Assert.Equal(before - (2 * 256), AvailableBits(store)); // reloaded: the failed reservation consumed nothing
        Assert.True((await store.VerifyAuditChainAsync()).IsIntact);
    }

    [Fact]
    public async Task Writer_StorageCannotReopen_RefusesEveryLaterRequestAsStorageFailure()
    {
        IKeyStore store = await ReadyStoreAsync();
        _storage!.CommitFailures = 1;
        _storage.RollbackFails = true;
        _storage.Reopenable = false;

        await store.ReserveAsync(Request());
        Result<Reservation, KeyStoreFailure> next = await store.ReserveAsync(Request());

        Assert.Equal(KeyStoreError.StorageFailure, next.Error?.Code);
        Assert.Contains("could not be reopened", next.Error?.Detail, StringComparison.Ordinal);
        Assert.Equal(0, _storage.Reopens);
    }
}
