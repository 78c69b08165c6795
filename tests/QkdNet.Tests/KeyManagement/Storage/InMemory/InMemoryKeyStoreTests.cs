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

    protected override IKeyStore OpenStore(int node = 0, Action<AuditEventKind>? beforeAuditWrite = null, PoolOptions? pool = null)
    {
        if (!_databases.TryGetValue(node, out InMemoryKeyDatabase? database))
        {
            database = new InMemoryKeyDatabase();
            _databases.Add(node, database);
        }

        return new KeyStoreEngine(
            new InMemoryKeyStorage(database),
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
}
