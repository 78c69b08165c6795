using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Pools;
using QkdNet.Tests.KeyManagement.Support;

namespace QkdNet.Tests.KeyManagement;

public abstract partial class KeyStoreContractTests
{
    [ContractFact]
    public async Task AuditWriteFailure_AmongConcurrentRequests_FailsOnlyThatRequest()
    {
        IKeyStore store = await ReadyStoreAsync(beforeAuditWrite: kind =>
        {
            if (kind == AuditEventKind.Reserve)
            {
                throw new IOException("audit device full");
            }
        });
        Task<KeyStoreResult<PoolStatus>>[] ingests = [.. Enumerable.Range(10, 20)
            .Select(i => store.IngestBlockAsync(Link, BlockId.Create($"b{i}"), TestMaterial.Block(i, 256)))];
        Task<KeyStoreResult<Reservation>> reserve = store.ReserveAsync(Request(count: 2));

        Assert.All(await Task.WhenAll(ingests), result => Assert.True(result.IsSuccess, result.Detail));
        Assert.Equal(KeyStoreError.StorageFailure, (await reserve).Error);
        Assert.Equal(((2 * BlockBytes) + (20 * 256)) * 8, AvailableBits(store));
        Assert.True((await store.VerifyAuditChainAsync()).IsIntact);
    }
}
