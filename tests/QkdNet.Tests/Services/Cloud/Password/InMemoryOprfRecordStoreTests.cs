using QkdNet.Services.Cloud.Password;

namespace QkdNet.Tests.Services.Cloud.Password;

public sealed class InMemoryOprfRecordStoreTests : OprfRecordStoreContractTests, IDisposable
{
    private readonly InMemoryOprfRecordStore _store = new();

    protected override IOprfRecordStore Store => _store;

    public void Dispose() => _store.Dispose();
}
