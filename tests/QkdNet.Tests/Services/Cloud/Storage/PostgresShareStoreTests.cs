using QkdNet.Services.Cloud.Storage;
using QkdNet.Storage.Postgres;
using QkdNet.Tests.KeyManagement.Storage.Postgres;
using QkdNet.Tests.KeyManagement.Support;

namespace QkdNet.Tests.Services.Cloud.Storage;

/// <summary>The <see cref="ShareStoreContractTests"/> on PostgreSQL, in a fresh schema per test; skipped when no server is configured.</summary>
[Trait("Category", "Postgres")]
[RequiresEnvironment(PostgresTestServer.Variable, PostgresTestServer.SkipReason)]
public sealed class PostgresShareStoreTests : ShareStoreContractTests
{
    private readonly string _schema = PostgresTestServer.NewSchema("qkdnet_shares");

    protected override async Task<IShareStore> OpenStoreAsync(long maxShareBytes = 1 << 20) =>
        await PostgresShareStore.OpenAsync(PostgresTestServer.ConnectionString, _schema, Time, maxShareBytes);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Environment.GetEnvironmentVariable(PostgresTestServer.Variable) is { Length: > 0 })
        {
            await PostgresTestServer.DropSchemaAsync(_schema);
        }
    }

    [ContractFact]
    public async Task AuditTable_RefusesUpdatesAndDeletes()
    {
        IShareStore store = await StoreAsync();
        await store.AppendAuditAsync(new ShareAuditEvent(Alice, "owner", "list", "-", true, "ok"));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => PostgresTestServer.ExecuteAsync(_schema, "DELETE FROM audit;"));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => PostgresTestServer.ExecuteAsync(_schema, "UPDATE audit SET caller = 'x';"));
    }
}
