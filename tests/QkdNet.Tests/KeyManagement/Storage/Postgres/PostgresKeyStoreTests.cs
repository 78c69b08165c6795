using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Pools;
using QkdNet.Storage.Postgres;
using QkdNet.Tests.KeyManagement.Support;

namespace QkdNet.Tests.KeyManagement.Storage.Postgres;

/// <summary>
/// The <see cref="KeyStoreContractTests"/> on PostgreSQL, each test in fresh schemas (one per node) of the
/// database <see cref="PostgresTestServer.Variable"/> names; skipped when it is unset.
/// </summary>
[Trait("Category", "Postgres")]
[RequiresEnvironment(PostgresTestServer.Variable, PostgresTestServer.SkipReason)]
public sealed partial class PostgresKeyStoreTests : KeyStoreContractTests
{
    private readonly string _prefix = PostgresTestServer.NewSchema("qkdnet_test");
    private readonly HashSet<string> _schemas = [];

    private string SchemaOf(int node) => $"{_prefix}_n{node}";

    protected override IKeyStore OpenStore(int node = 0, Action<AuditEventKind>? beforeAuditWrite = null, PoolOptions? pool = null)
    {
        _schemas.Add(SchemaOf(node));
        return PostgresKeyStore.Open(
            new PostgresKeyStoreOptions
            {
                ConnectionString = PostgresTestServer.ConnectionString,
                Schema = SchemaOf(node),
                ReservationLifetime = Lifetime,
                DefaultPool = pool ?? new PoolOptions(256, 1024, 4096, 1L << 30),
                BeforeAuditWrite = beforeAuditWrite,
            },
            Time);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (string schema in _schemas)
        {
            await PostgresTestServer.DropSchemaAsync(schema);
        }
    }
}
