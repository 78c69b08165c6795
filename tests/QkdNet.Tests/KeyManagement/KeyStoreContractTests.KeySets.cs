using QkdNet.KeyManagement;
using QkdNet.Tests.KeyManagement.Support;

namespace QkdNet.Tests.KeyManagement;

// Requests of many keys: a store may write and read a request's keys as sets (SQLite: one statement per group of up to
// 64 keys), so these cross the group sizes (100 = 64 + 32 + 4).
public abstract partial class KeyStoreContractTests
{
    private const int ManyKeys = 100;

    [ContractFact]
    public async Task ReserveImportFetch_ManyKeysInOneRequest_EveryKeyArrivesOnceWithItsBytes()
    {
        (IKeyStore master, IKeyStore slave) = await LinkedPairAsync();
        Result<Reservation, KeyStoreFailure> reserved = await master.ReserveAsync(Request(count: ManyKeys));
        ReservationDescriptor descriptor = reserved.Value.Descriptor;
        Assert.Equal(ManyKeys, (await slave.ImportAsync(descriptor)).Value);

        Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure> fetched = await slave.FetchAsync(new FetchRequest(Slave, Master, [.. descriptor.Keys.Select(k => k.KeyId)]));
        Assert.True(fetched.IsSuccess, fetched.Error?.Detail);
        Assert.Equal(ManyKeys, fetched.Value.Count);
        for (int i = 0; i < ManyKeys; i++)
        {
            Assert.Equal(descriptor.Keys[i].KeyId, fetched.Value[i].Id);
            Assert.True(fetched.Value[i].Material.FixedTimeEquals(reserved.Value.Keys[i].Material.Span));
        }

        Assert.Equal(KeyStoreError.AlreadyDelivered, (await slave.FetchAsync(new FetchRequest(Slave, Master, [descriptor.Keys[ManyKeys - 1].KeyId]))).Error?.Code);
        Assert.True((await slave.VerifyAuditChainAsync()).IsIntact);
    }

    [ContractFact]
    public async Task Import_ManyKeysOneIdTakenInTheLastGroup_FailsWithDuplicateKeyIdNamingIt()
    {
        (IKeyStore master, IKeyStore slave) = await LinkedPairAsync();
        ReservationDescriptor taken = (await master.ReserveAsync(Request())).Value.Descriptor;
        Assert.True((await slave.ImportAsync(taken)).IsSuccess);
        ReservationDescriptor many = (await master.ReserveAsync(Request(count: ManyKeys))).Value.Descriptor;
        KeyId takenId = taken.Keys[0].KeyId;
        ReservationDescriptor clash = many with { Keys = [.. many.Keys.Take(ManyKeys - 1), many.Keys[^1] with { KeyId = takenId }] };
        long before = AvailableBits(slave);

        Result<int, KeyStoreFailure> result = await slave.ImportAsync(clash);
        Assert.Equal(KeyStoreError.DuplicateKeyId, result.Error?.Code);
        Assert.Contains(takenId.ToString(), result.Error?.Detail, StringComparison.Ordinal);
        Assert.Equal(before, AvailableBits(slave));
        Assert.Equal(ManyKeys, (await slave.ImportAsync(many)).Value);
    }

    [ContractFact]
    public async Task Expiry_ManyUnfetchedKeys_AreAllDestroyed()
    {
        (IKeyStore master, IKeyStore slave) = await LinkedPairAsync();
        ReservationDescriptor descriptor = (await master.ReserveAsync(Request(count: ManyKeys))).Value.Descriptor;
        await slave.ImportAsync(descriptor);

        Time.Advance(Lifetime);
        Assert.Equal(ManyKeys, (await slave.SweepExpiredAsync()).Value);
        Assert.Equal(KeyStoreError.UnknownKey, (await slave.FetchAsync(new FetchRequest(Slave, Master, [descriptor.Keys[70].KeyId]))).Error?.Code);
        Assert.Equal(0, (await slave.SweepExpiredAsync()).Value);
    }
}
