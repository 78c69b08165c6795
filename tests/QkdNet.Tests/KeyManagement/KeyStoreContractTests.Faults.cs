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
        Task<Result<PoolStatus, KeyStoreFailure>>[] ingests = [.. Enumerable.Range(10, 20)
            .Select(i => store.IngestBlockAsync(Link, BlockId.Create($"b{i}"), TestMaterial.Block(i, 256)))];
        Task<Result<Reservation, KeyStoreFailure>> reserve = store.ReserveAsync(Request(count: 2));

        Assert.All(await Task.WhenAll(ingests), result => Assert.True(result.IsSuccess, result.Error?.Detail));
        Assert.Equal(KeyStoreError.StorageFailure, (await reserve).Error?.Code);
        Assert.Equal(((2 * BlockBytes) + (20 * 256)) * 8, AvailableBits(store));
        Assert.True((await store.VerifyAuditChainAsync()).IsIntact);
    }
}
