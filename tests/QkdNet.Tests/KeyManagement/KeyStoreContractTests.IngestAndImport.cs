using QkdNet.KeyManagement;
using QkdNet.Tests.KeyManagement.Support;

namespace QkdNet.Tests.KeyManagement;

public abstract partial class KeyStoreContractTests
{
    private static readonly LinkId Inbound = LinkId.Create("relay-inbound");

    private static ReservationDescriptor OneKeyOf(BlockId block, KeyId id, int bytes) =>
        new(Inbound, Master, [Slave], DateTimeOffset.UnixEpoch.AddYears(60), [new KeyAllocation(id, block, 0, bytes)]);

    [ContractFact]
    public async Task IngestAndImport_ServesTheBlockAsTheNamedKey()
    {
        IKeyStore store = await ReadyStoreAsync(blocks: 0);
        byte[] material = TestMaterial.Block(7, 32);
        var id = KeyId.New();

        Result<int, KeyStoreFailure> stored = await store.IngestAndImportAsync(Inbound, BlockId.Create("r1"), material, OneKeyOf(BlockId.Create("r1"), id, 32));

        Assert.Equal(1, stored.Value);
        Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure> fetched = await store.FetchAsync(new FetchRequest(Slave, Master, [id]));
        Assert.True(fetched.IsSuccess, fetched.Error?.Detail);
        Assert.True(fetched.Value[0].Material.FixedTimeEquals(material));
    }

    [ContractFact]
    public async Task IngestAndImport_BlockIngestedBefore_FailsWithDuplicateBlockAndImportsNothing()
    {
        IKeyStore store = await ReadyStoreAsync(blocks: 0);
        Assert.True((await store.IngestAndImportAsync(Inbound, BlockId.Create("r1"), TestMaterial.Block(7, 32), OneKeyOf(BlockId.Create("r1"), KeyId.New(), 32))).IsSuccess);
        var second = KeyId.New();

        Result<int, KeyStoreFailure> again = await store.IngestAndImportAsync(Inbound, BlockId.Create("r1"), TestMaterial.Block(8, 32), OneKeyOf(BlockId.Create("r1"), second, 32));

        Assert.Equal(KeyStoreError.DuplicateBlock, again.Error?.Code);
        Assert.Equal(KeyStoreError.UnknownKey, (await store.FetchAsync(new FetchRequest(Slave, Master, [second]))).Error?.Code);
    }

    [ContractFact]
    public async Task IngestAndImport_KeyIdTakenAlready_FailsWithDuplicateKeyId()
    {
        IKeyStore store = await ReadyStoreAsync(blocks: 0);
        var id = KeyId.New();
        Assert.True((await store.IngestAndImportAsync(Inbound, BlockId.Create("r1"), TestMaterial.Block(7, 32), OneKeyOf(BlockId.Create("r1"), id, 32))).IsSuccess);

        Result<int, KeyStoreFailure> replayed = await store.IngestAndImportAsync(Inbound, BlockId.Create("r2"), TestMaterial.Block(8, 32), OneKeyOf(BlockId.Create("r2"), id, 32));

        Assert.Equal(KeyStoreError.DuplicateKeyId, replayed.Error?.Code);
    }
}
