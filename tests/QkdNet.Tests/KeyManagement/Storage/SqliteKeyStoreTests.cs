using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Tests.KeyManagement.Storage;

/// <summary>The <see cref="KeyStoreContractTests"/> on SQLite files in a fresh temporary folder per test.</summary>
public sealed partial class SqliteKeyStoreTests : KeyStoreContractTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qkdnet-keystore-").FullName;

    private string PathOf(int node) => Path.Combine(_folder, $"node{node}.db");

    protected override IKeyStore OpenStore(int node = 0, Action<AuditEventKind>? beforeAuditWrite = null, PoolOptions? pool = null) =>
        SqliteKeyStore.Open(
            new SqliteKeyStoreOptions
            {
                Path = PathOf(node),
                ReservationLifetime = Lifetime,
                DefaultPool = pool ?? new PoolOptions(256, 1024, 4096, 1L << 30),
                BeforeAuditWrite = beforeAuditWrite,
            },
            Time);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
