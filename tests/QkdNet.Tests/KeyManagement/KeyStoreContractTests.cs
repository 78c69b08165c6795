using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Tests.KeyManagement.Support;

namespace QkdNet.Tests.KeyManagement;

/// <summary>
/// What every <see cref="IKeyStore"/> must do. An implementation's test class inherits this and says how to
/// open a store at the test's own location (a second "node" gets <c>node: 1</c>).
/// </summary>
public abstract partial class KeyStoreContractTests : IAsyncLifetime
{
    protected const string Passphrase = "operator passphrase";
    protected static readonly LinkId Link = LinkId.Create("link-ab");
    protected static readonly SaeId Master = SaeId.Create("sae-master");
    protected static readonly SaeId Slave = SaeId.Create("sae-slave");
    protected static readonly SaeId Other = SaeId.Create("sae-other");
    protected const int BlockBytes = 4096;

    private readonly List<IKeyStore> _open = [];

    protected FakeTimeProvider Time { get; } = new();

    protected static TimeSpan Lifetime => TimeSpan.FromMinutes(5);

    /// <summary>Opens (or reopens) node <paramref name="node"/>'s store, sealed, with this contract's settings.</summary>
    protected abstract IKeyStore OpenStore(int node = 0, Action<AuditEventKind>? beforeAuditWrite = null, PoolOptions? pool = null);

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (IKeyStore store in _open)
        {
            await store.DisposeAsync();
        }
    }

    protected IKeyStore Track(IKeyStore store)
    {
        _open.Add(store);
        return store;
    }

    protected async Task CloseAsync(IKeyStore store)
    {
        _open.Remove(store);
        await store.DisposeAsync();
    }

    /// <summary>An unsealed store holding <paramref name="blocks"/> seeded blocks (seed = node * 1000 + index; same seeds on both nodes).</summary>
    protected async Task<IKeyStore> ReadyStoreAsync(int node = 0, int blocks = 2, Action<AuditEventKind>? beforeAuditWrite = null, PoolOptions? pool = null)
    {
        IKeyStore store = Track(OpenStore(node, beforeAuditWrite, pool));
        Assert.True((await store.InitializeSealAsync(new SealSetup(Passphrase, 0, 0, SealSetup.MinPbkdf2Iterations))).IsSuccess);
        for (int i = 0; i < blocks; i++)
        {
            Result<PoolStatus, KeyStoreFailure> ingested = await store.IngestBlockAsync(Link, BlockId.Create($"b{i}"), TestMaterial.Block(i, BlockBytes));
            Assert.True(ingested.IsSuccess, ingested.Error?.Detail);
        }

        return store;
    }

    protected static ReserveRequest Request(int count = 1, int sizeBits = 256, KeyDeliveryScope scope = KeyDeliveryScope.Remote, params SaeId[] slaves) =>
        new(Link, Master, slaves.Length == 0 ? [Slave] : slaves, count, sizeBits, scope);

    protected static long AvailableBits(IKeyStore store) => store.GetPoolStatus(Link).Value.AvailableBits;

    protected static byte[] MaterialAt(KeyAllocation allocation)
    {
        int index = int.Parse(allocation.Block.Value[1..], System.Globalization.CultureInfo.InvariantCulture);
        return TestMaterial.Block(index, BlockBytes).AsSpan(allocation.OffsetBytes, allocation.LengthBytes).ToArray();
    }

    /// <summary>Master and slave stores of one link, with identical blocks.</summary>
    protected async Task<(IKeyStore Master, IKeyStore Slave)> LinkedPairAsync(int blocks = 2) =>
        (await ReadyStoreAsync(0, blocks), await ReadyStoreAsync(1, blocks));

    [ContractFact]
    public async Task NewStore_IsSealed_AndKeyOperationsAnswerSealed()
    {
        IKeyStore store = Track(OpenStore());
        Assert.True(store.IsSealed);
        Assert.False(store.IsInitialized);
        Assert.Equal(KeyStoreError.Sealed, (await store.IngestBlockAsync(Link, BlockId.Create("b0"), new byte[64])).Error?.Code);
        Assert.Equal(KeyStoreError.Sealed, (await store.ReserveAsync(Request())).Error?.Code);
        Assert.Equal(KeyStoreError.Sealed, (await store.FetchAsync(new FetchRequest(Slave, Master, [KeyId.New()]))).Error?.Code);
        Assert.Equal(KeyStoreError.Sealed, store.GetPoolStatus(Link).Error?.Code);
        Assert.Equal(KeyStoreError.NotInitialized, (await store.UnsealWithPassphraseAsync(Passphrase)).Error?.Code);
    }

    [ContractFact]
    public async Task Reopen_StartsSealed_WrongPassphraseKeepsItSealed_RightOneOpensIt()
    {
        IKeyStore store = await ReadyStoreAsync();
        long before = AvailableBits(store);
        await CloseAsync(store);

        IKeyStore reopened = Track(OpenStore());
        Assert.True(reopened.IsSealed);
        Assert.Equal(KeyStoreError.WrongCredential, (await reopened.UnsealWithPassphraseAsync("guess")).Error?.Code);
        Assert.True(reopened.IsSealed);
        Assert.True((await reopened.UnsealWithPassphraseAsync(Passphrase)).IsSuccess);
        Assert.Equal(before, AvailableBits(reopened));
        await reopened.SealAsync();
        Assert.Equal(KeyStoreError.Sealed, (await reopened.ReserveAsync(Request())).Error?.Code);
    }

    [ContractFact]
    public async Task UnsealShares_ThresholdOpens_TooFewOrWrongDoNot()
    {
        IKeyStore store = Track(OpenStore());
        Result<SealInitialization, KeyStoreFailure> init = await store.InitializeSealAsync(new SealSetup(null, 2, 3));
        IReadOnlyList<ShamirShare> shares = init.Value.Shares;
        Assert.Equal(3, shares.Count);
        Assert.Equal(KeyStoreError.AlreadyInitialized, (await store.InitializeSealAsync(new SealSetup(null, 2, 3))).Error?.Code);
        await store.SealAsync();

        Assert.Equal(KeyStoreError.InsufficientShares, (await store.UnsealWithSharesAsync([shares[1]])).Error?.Code);
        ShamirShare forged = ShamirSecretSharing.Split(new byte[32], 2, 3)[0];
        Assert.Equal(KeyStoreError.WrongCredential, (await store.UnsealWithSharesAsync([forged, shares[2]])).Error?.Code);
        Assert.True(store.IsSealed);
        Assert.True((await store.UnsealWithSharesAsync([shares[2], shares[0]])).IsSuccess);
        Assert.False(store.IsSealed);
    }

    [ContractFact]
    public async Task ReserveImportFetch_BothEndsGetTheSameBytesUnderTheSameIds()
    {
        (IKeyStore master, IKeyStore slave) = await LinkedPairAsync();
        Result<Reservation, KeyStoreFailure> reserved = await master.ReserveAsync(Request(count: 3));
        Assert.True(reserved.IsSuccess, reserved.Error?.Detail);
        ReservationDescriptor descriptor = reserved.Value.Descriptor;
        Assert.Equal(3, (await slave.ImportAsync(descriptor)).Value);

        Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure> fetched = await slave.FetchAsync(new FetchRequest(Slave, Master, [.. descriptor.Keys.Select(k => k.KeyId)]));
        Assert.True(fetched.IsSuccess, fetched.Error?.Detail);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(reserved.Value.Keys[i].Id, fetched.Value[i].Id);
            Assert.True(fetched.Value[i].Material.FixedTimeEquals(reserved.Value.Keys[i].Material.Span));
            Assert.True(fetched.Value[i].Material.FixedTimeEquals(MaterialAt(descriptor.Keys[i])));
            Assert.Equal(32, fetched.Value[i].Material.Length);
        }

        Assert.Equal(AvailableBits(master), AvailableBits(slave));
        Assert.Equal((2 * BlockBytes * 8) - (3 * 256), AvailableBits(master));
    }

    [ContractFact]
    public async Task Reserve_MoreThanThePoolHolds_FailsAndConsumesNothing()
    {
        IKeyStore store = await ReadyStoreAsync(blocks: 1);
        long before = AvailableBits(store);
        Result<Reservation, KeyStoreFailure> result = await store.ReserveAsync(Request(count: (BlockBytes / 32) + 1));
        Assert.Equal(KeyStoreError.InsufficientKeyMaterial, result.Error?.Code);
        Assert.Equal(before, AvailableBits(store));
        Assert.True((await store.ReserveAsync(Request(count: BlockBytes / 32))).IsSuccess);
        Assert.Equal(PoolState.Empty, store.GetPoolStatus(Link).Value.State);
    }

    [ContractTheory]
    [InlineData(0, 256)]
    [InlineData(1, 0)]
    [InlineData(1, 12)]
    [InlineData(100_000, 256)]
    public async Task Reserve_InvalidCountOrSize_IsInvalidRequest(int count, int sizeBits)
    {
        IKeyStore store = await ReadyStoreAsync();
        Assert.Equal(KeyStoreError.InvalidRequest, (await store.ReserveAsync(Request(count, sizeBits))).Error?.Code);
    }

    [ContractFact]
    public async Task Ingest_SameBlockTwice_OrPastCapacity_IsRefused()
    {
        IKeyStore store = await ReadyStoreAsync(blocks: 1, pool: new PoolOptions(256, 256, 512, 2 * BlockBytes * 8));
        Assert.Equal(KeyStoreError.DuplicateBlock, (await store.IngestBlockAsync(Link, BlockId.Create("b0"), TestMaterial.Block(0, BlockBytes))).Error?.Code);
        Assert.True((await store.IngestBlockAsync(Link, BlockId.Create("b1"), TestMaterial.Block(1, BlockBytes))).IsSuccess);
        Assert.Equal(KeyStoreError.PoolFull, (await store.IngestBlockAsync(Link, BlockId.Create("b2"), TestMaterial.Block(2, 1))).Error?.Code);
    }

    [ContractFact]
    public async Task Import_MaterialAlreadyConsumed_IsRefusedAndConsumesNothing()
    {
        (IKeyStore master, IKeyStore slave) = await LinkedPairAsync();
        ReservationDescriptor first = (await master.ReserveAsync(Request(count: 2))).Value.Descriptor;
        Assert.True((await slave.ImportAsync(first)).IsSuccess);
        long before = AvailableBits(slave);

        // fresh IDs over bytes the slave already used, plus one honest key: all refused
        KeyAllocation fresh = (await master.ReserveAsync(Request())).Value.Descriptor.Keys[0];
        ReservationDescriptor replay = first with { Keys = [fresh, first.Keys[1] with { KeyId = KeyId.New() }] };
        Assert.Equal(KeyStoreError.MaterialUnavailable, (await slave.ImportAsync(replay)).Error?.Code);
        Assert.Equal(before, AvailableBits(slave));

        ReservationDescriptor overlap = first with { Keys = [new KeyAllocation(KeyId.New(), first.Keys[0].Block, first.Keys[0].OffsetBytes + 8, 32)] };
        Assert.Equal(KeyStoreError.MaterialUnavailable, (await slave.ImportAsync(overlap)).Error?.Code);
        ReservationDescriptor unknown = first with { Keys = [new KeyAllocation(KeyId.New(), BlockId.Create("nope"), 0, 32)] };
        Assert.Equal(KeyStoreError.UnknownBlock, (await slave.ImportAsync(unknown)).Error?.Code);
        Assert.Equal(KeyStoreError.DuplicateKeyId, (await slave.ImportAsync(first)).Error?.Code);

        Assert.True((await slave.ImportAsync(first with { Keys = [fresh] })).IsSuccess);
    }

    [ContractFact]
    public async Task Fetch_ByAnotherSaeOrForAnotherMaster_IsNotAuthorizedAndConsumesNothing()
    {
        (IKeyStore master, IKeyStore slave) = await LinkedPairAsync();
        ReservationDescriptor descriptor = (await master.ReserveAsync(Request())).Value.Descriptor;
        await slave.ImportAsync(descriptor);
        KeyId id = descriptor.Keys[0].KeyId;

        Assert.Equal(KeyStoreError.NotAuthorized, (await slave.FetchAsync(new FetchRequest(Other, Master, [id]))).Error?.Code);
        Assert.Equal(KeyStoreError.NotAuthorized, (await slave.FetchAsync(new FetchRequest(Slave, Other, [id]))).Error?.Code);
        Assert.Equal(KeyStoreError.NotAuthorized, (await master.FetchAsync(new FetchRequest(Slave, Master, [id]))).Error?.Code); // served by the peer only
        Assert.True((await slave.FetchAsync(new FetchRequest(Slave, Master, [id]))).IsSuccess);
    }

    [ContractFact]
    public async Task Fetch_WithOneUnknownId_FailsWhole_AndTheGoodKeysStayFetchable()
    {
        (IKeyStore master, IKeyStore slave) = await LinkedPairAsync();
        ReservationDescriptor descriptor = (await master.ReserveAsync(Request(count: 2))).Value.Descriptor;
        await slave.ImportAsync(descriptor);
        KeyId[] ids = [.. descriptor.Keys.Select(k => k.KeyId)];

        Assert.Equal(KeyStoreError.UnknownKey, (await slave.FetchAsync(new FetchRequest(Slave, Master, [ids[0], KeyId.New(), ids[1]]))).Error?.Code);
        Assert.True((await slave.FetchAsync(new FetchRequest(Slave, Master, ids))).IsSuccess);
        Assert.Equal(KeyStoreError.AlreadyDelivered, (await slave.FetchAsync(new FetchRequest(Slave, Master, [ids[0]]))).Error?.Code); // delivered to all: a receipt
    }

    [ContractFact]
    public async Task Fetch_AgainAfterEverySlaveReceivedTheKey_SaysAlreadyDelivered_UntilTheKeyExpires()
    {
        // the slave's answer was lost (a crash, a dropped connection) after the delivery committed, and it asks again
        (IKeyStore master, IKeyStore slave) = await LinkedPairAsync();
        ReservationDescriptor descriptor = (await master.ReserveAsync(Request())).Value.Descriptor;
        await slave.ImportAsync(descriptor);
        KeyId id = descriptor.Keys[0].KeyId;
        Assert.True((await slave.FetchAsync(new FetchRequest(Slave, Master, [id]))).IsSuccess);

        Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure> again = await slave.FetchAsync(new FetchRequest(Slave, Master, [id]));
        Assert.Equal(KeyStoreError.AlreadyDelivered, again.Error?.Code);
        Assert.Contains("already delivered", again.Error?.Detail, StringComparison.Ordinal);

        Time.Advance(Lifetime);
        Assert.Equal(0, (await slave.SweepExpiredAsync()).Value); // the receipt goes, and no expiry is audited for a delivered key
        Assert.Equal(KeyStoreError.UnknownKey, (await slave.FetchAsync(new FetchRequest(Slave, Master, [id]))).Error?.Code);
        Assert.True((await slave.VerifyAuditChainAsync()).IsIntact);
    }

    [ContractFact]
    public async Task Multicast_EachSlaveGetsTheKeyOnce_ThenItIsDestroyed()
    {
        IKeyStore store = await ReadyStoreAsync();
        Reservation reservation = (await store.ReserveAsync(Request(1, 256, KeyDeliveryScope.Local, Slave, Other))).Value;
        KeyId id = reservation.Keys[0].Id;

        Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure> first = await store.FetchAsync(new FetchRequest(Slave, Master, [id]));
        Assert.True(first.Value[0].Material.FixedTimeEquals(reservation.Keys[0].Material.Span));
        Assert.Equal(KeyStoreError.AlreadyDelivered, (await store.FetchAsync(new FetchRequest(Slave, Master, [id]))).Error?.Code);
        Assert.True((await store.FetchAsync(new FetchRequest(Other, Master, [id]))).IsSuccess);
        Assert.Equal(KeyStoreError.AlreadyDelivered, (await store.FetchAsync(new FetchRequest(Other, Master, [id]))).Error?.Code);
    }

    [ContractFact]
    public async Task Expiry_UnfetchedKeysAreDestroyed_NotReturnedToThePool()
    {
        (IKeyStore master, IKeyStore slave) = await LinkedPairAsync();
        ReservationDescriptor descriptor = (await master.ReserveAsync(Request(count: 2))).Value.Descriptor;
        await slave.ImportAsync(descriptor);
        long before = AvailableBits(slave);

        Time.Advance(Lifetime - TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await slave.SweepExpiredAsync()).Value);
        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(KeyStoreError.UnknownKey, (await slave.FetchAsync(new FetchRequest(Slave, Master, [descriptor.Keys[0].KeyId]))).Error?.Code);
        Assert.Equal(2, (await slave.SweepExpiredAsync()).Value);
        Assert.Equal(2, (await master.SweepExpiredAsync()).Value);
        Assert.Equal(before, AvailableBits(slave));
        Assert.Equal(KeyStoreError.MaterialUnavailable, (await slave.ImportAsync(descriptor with { Keys = [descriptor.Keys[0] with { KeyId = KeyId.New() }] })).Error?.Code);
    }

    [ContractFact]
    public async Task Import_ExpiryFarInTheFuture_IsCappedAtThisNodesLifetime()
    {
        (IKeyStore master, IKeyStore slave) = await LinkedPairAsync();
        ReservationDescriptor descriptor = (await master.ReserveAsync(Request())).Value.Descriptor;
        await slave.ImportAsync(descriptor with { ExpiresAt = Time.GetUtcNow().AddYears(10) });
        Time.Advance(Lifetime);
        Assert.Equal(1, (await slave.SweepExpiredAsync()).Value);
    }

    [ContractFact]
    public async Task Reopen_KeepsDeliveryAccounting()
    {
        (IKeyStore master, IKeyStore slave) = await LinkedPairAsync();
        ReservationDescriptor descriptor = (await master.ReserveAsync(Request(count: 2))).Value.Descriptor;
        await slave.ImportAsync(descriptor);
        KeyId[] ids = [.. descriptor.Keys.Select(k => k.KeyId)];
        Assert.True((await slave.FetchAsync(new FetchRequest(Slave, Master, [ids[0]]))).IsSuccess);
        long available = AvailableBits(slave);
        await CloseAsync(slave);

        IKeyStore reopened = Track(OpenStore(1));
        Assert.True((await reopened.UnsealWithPassphraseAsync(Passphrase)).IsSuccess);
        Assert.Equal(available, AvailableBits(reopened));
        Assert.Equal(KeyStoreError.AlreadyDelivered, (await reopened.FetchAsync(new FetchRequest(Slave, Master, [ids[0]]))).Error?.Code);
        Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure> second = await reopened.FetchAsync(new FetchRequest(Slave, Master, [ids[1]]));
        Assert.True(second.Value[0].Material.FixedTimeEquals(MaterialAt(descriptor.Keys[1])));
        Assert.Equal(KeyStoreError.MaterialUnavailable, (await reopened.ImportAsync(descriptor with { Keys = [descriptor.Keys[0] with { KeyId = KeyId.New() }] })).Error?.Code);
        Assert.True((await reopened.VerifyAuditChainAsync()).IsIntact);
    }

    [ContractFact]
    public async Task AuditWriteFailure_FailsTheRequest_AndConsumesNothing()
    {
        bool failAudit = false;
        IKeyStore store = await ReadyStoreAsync(beforeAuditWrite: kind =>
        {
            if (failAudit && kind is AuditEventKind.Reserve or AuditEventKind.Deliver)
            {
                throw new IOException("audit device full");
            }
        });
        long before = AvailableBits(store);
        failAudit = true;
        Result<Reservation, KeyStoreFailure> failed = await store.ReserveAsync(Request(count: 4, scope: KeyDeliveryScope.Local));
        Assert.Equal(KeyStoreError.StorageFailure, failed.Error?.Code);
        Assert.Equal(before, AvailableBits(store));

        failAudit = false;
        Reservation reservation = (await store.ReserveAsync(Request(count: 4, scope: KeyDeliveryScope.Local))).Value;
        Assert.Equal(before - (4 * 256), AvailableBits(store));
        failAudit = true;
        var fetch = new FetchRequest(Slave, Master, [.. reservation.Keys.Select(k => k.Id)]);
        Assert.Equal(KeyStoreError.StorageFailure, (await store.FetchAsync(fetch)).Error?.Code);
        failAudit = false;
        Assert.True((await store.FetchAsync(fetch)).IsSuccess);
        Assert.True((await store.VerifyAuditChainAsync()).IsIntact);
    }

    [ContractFact]
    public async Task PoolStatus_FollowsWatermarksAsKeysAreTaken()
    {
        var options = new PoolOptions(256, 8 * 1024, 16 * 1024, 1 << 20);
        IKeyStore store = await ReadyStoreAsync(blocks: 1, pool: options); // 32 Kbit
        Assert.Equal(PoolState.Ready, store.GetPoolStatus(Link).Value.State);
        await store.ReserveAsync(Request(count: 64)); // 16 Kbit left
        Assert.Equal(PoolState.Ready, store.GetPoolStatus(Link).Value.State);
        await store.ReserveAsync(Request(count: 1));
        PoolStatus charging = store.GetPoolStatus(Link).Value;
        Assert.Equal(PoolState.Charging, charging.State);
        Assert.Equal(63, charging.StoredKeyCount);
        Assert.Equal((1 << 20) / 256, charging.MaxKeyCount);
        await store.ReserveAsync(Request(count: 40));
        Assert.Equal(PoolState.Warning, store.GetPoolStatus(Link).Value.State);
        await store.ReserveAsync(Request(count: 23));
        Assert.Equal(PoolState.Empty, store.GetPoolStatus(Link).Value.State);
    }

    [ContractFact]
    public async Task AuditChain_RecordsEveryChange_AndVerifies()
    {
        (IKeyStore master, IKeyStore slave) = await LinkedPairAsync(blocks: 1);
        ReservationDescriptor descriptor = (await master.ReserveAsync(Request())).Value.Descriptor;
        await slave.ImportAsync(descriptor);
        await slave.FetchAsync(new FetchRequest(Slave, Master, [descriptor.Keys[0].KeyId]));
        AuditVerification verification = await slave.VerifyAuditChainAsync();
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.Equal(5, verification.RecordCount); // initialize, ingest, import, deliver, destroy
    }
}
