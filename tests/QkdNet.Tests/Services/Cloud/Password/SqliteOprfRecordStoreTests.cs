using QkdNet.Services.Cloud.Password;

namespace QkdNet.Tests.Services.Cloud.Password;

public sealed class SqliteOprfRecordStoreTests : OprfRecordStoreContractTests, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qkdnet-oprf-").FullName;
    private SqliteOprfRecordStore _store;

    public SqliteOprfRecordStoreTests() => _store = SqliteOprfRecordStore.Open(Path.Combine(_folder, "oprf.db"));

    protected override IOprfRecordStore Store => _store;

    [Fact]
    public void Reopen_KeepsTheRecords()
    {
        using (var record = Record(shareByte: 9, epoch: 0))
        {
            Assert.True(_store.TryAdd(record));
        }

        _store.Dispose();
        _store = SqliteOprfRecordStore.Open(Path.Combine(_folder, "oprf.db"));

        using var stored = _store.Get(Alice)!;
        Assert.Equal(9, stored.KeyShare[^1]);
    }

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
