using QkdNet.Services.Cloud.Password;
using QkdNet.Storage.Postgres;
using QkdNet.Tests.KeyManagement.Storage.Postgres;
using QkdNet.Tests.KeyManagement.Support;

namespace QkdNet.Tests.Services.Cloud.Password;

/// <summary>The <see cref="OprfRecordStoreContractTests"/> on PostgreSQL, in a fresh schema per test; skipped when no server is configured.</summary>
[Trait("Category", "Postgres")]
[RequiresEnvironment(PostgresTestServer.Variable, PostgresTestServer.SkipReason)]
public sealed class PostgresOprfRecordStoreTests : OprfRecordStoreContractTests, IDisposable
{
    private readonly string _schema = PostgresTestServer.NewSchema("qkdnet_oprf");
    private PostgresOprfRecordStore? _store;

    protected override IOprfRecordStore Store => _store ??= PostgresOprfRecordStore.Open(PostgresTestServer.ConnectionString, _schema);

    [ContractFact]
    public void Reopen_KeepsTheRecords_InTheServersSchema()
    {
        using (var record = Record(shareByte: 9, epoch: 0))
        {
            Assert.True(Store.TryAdd(record));
        }

        _store!.Dispose();
        _store = PostgresOprfRecordStore.Open(PostgresTestServer.ConnectionString, _schema);

        using var stored = _store.Get(Alice)!;
        Assert.Equal(9, stored.KeyShare[^1]);
        Assert.Single(PostgresTestServer.ReadRowsAsync(_schema, "oprf_records").GetAwaiter().GetResult());
    }

    public void Dispose()
    {
        _store?.Dispose();
        if (Environment.GetEnvironmentVariable(PostgresTestServer.Variable) is { Length: > 0 })
        {
            PostgresTestServer.DropSchemaAsync(_schema).GetAwaiter().GetResult();
        }
    }
}
