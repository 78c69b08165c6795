using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Storage;
using QkdNet.Tests.KeyManagement.Support;

namespace QkdNet.Tests.KeyManagement;

/// <summary>
/// The <see cref="KeyStoreContractTests"/> on a store that implements only what <see cref="IKeyStore"/> requires, so the
/// interface's default members (a store written before them gets) meet the contract too.
/// </summary>
public sealed class DefaultMembersKeyStoreTests : KeyStoreContractTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qkdnet-keystore-default-").FullName;

    protected override IKeyStore OpenStore(int node = 0, Action<AuditEventKind>? beforeAuditWrite = null, PoolOptions? pool = null) =>
        new ForwardingKeyStore(SqliteKeyStore.Open(
            new SqliteKeyStoreOptions
            {
                Path = Path.Combine(_folder, $"node{node}.db"),
                ReservationLifetime = Lifetime,
                DefaultPool = pool ?? new PoolOptions(256, 1024, 4096, 1L << 30),
                BeforeAuditWrite = beforeAuditWrite,
            },
            Time));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
