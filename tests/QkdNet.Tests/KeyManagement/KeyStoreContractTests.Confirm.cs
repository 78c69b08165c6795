using QkdNet.KeyManagement;
using QkdNet.Tests.KeyManagement.Support;

namespace QkdNet.Tests.KeyManagement;

public abstract partial class KeyStoreContractTests
{
    /// <summary>A confirmation that imports into <paramref name="peer"/>, as the Kx import does.</summary>
    protected static Func<ReservationDescriptor, CancellationToken, Task<string?>> ImportInto(IKeyStore peer, List<ReservationDescriptor>? told = null) =>
        async (descriptor, ct) =>
        {
            told?.Add(descriptor);
            Result<int, KeyStoreFailure> imported = await peer.ImportAsync(descriptor, ct);
            return imported.IsSuccess ? null : $"{imported.Error}";
        };

    [ContractFact]
    public async Task ReserveConfirmed_PeerImports_BothEndsHoldTheSameKeys()
    {
        (IKeyStore master, IKeyStore slave) = await LinkedPairAsync();

        Result<Reservation, KeyStoreFailure> reserved = await master.ReserveConfirmedAsync(Request(count: 3), ImportInto(slave));

        Assert.True(reserved.IsSuccess, reserved.Error?.Detail);
        Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure> fetched = await slave.FetchAsync(new FetchRequest(Slave, Master, [.. reserved.Value.Keys.Select(k => k.Id)]));
        Assert.True(fetched.IsSuccess, fetched.Error?.Detail);
        for (int i = 0; i < 3; i++)
        {
            Assert.True(fetched.Value[i].Material.FixedTimeEquals(reserved.Value.Keys[i].Material.Span));
        }

        Assert.Equal(AvailableBits(master), AvailableBits(slave));
    }

    [ContractFact]
    public async Task ReserveConfirmed_PeerRefuses_HandsOutNothingAndSpendsTheMaterial()
    {
        IKeyStore master = await ReadyStoreAsync();
        long before = AvailableBits(master);

        Result<Reservation, KeyStoreFailure> reserved = await master.ReserveConfirmedAsync(Request(count: 2), (_, _) => Task.FromResult<string?>("peer sealed"));

        Assert.Equal(KeyStoreError.NotConfirmed, reserved.Error?.Code);
        Assert.Contains("peer sealed", reserved.Error?.Detail, StringComparison.Ordinal);
        Assert.False(reserved.TryGetValue(out _));
        Assert.Equal(before - (2 * 256), AvailableBits(master));
        Assert.True((await master.VerifyAuditChainAsync()).IsIntact);
    }

    [ContractFact]
    public async Task ReserveConfirmed_ConfirmationThrows_AnswersNotConfirmedWithoutItsMessage()
    {
        IKeyStore master = await ReadyStoreAsync();

        Result<Reservation, KeyStoreFailure> reserved = await master.ReserveConfirmedAsync(Request(), (_, _) => throw new InvalidOperationException("secret detail"));

        Assert.Equal(KeyStoreError.NotConfirmed, reserved.Error?.Code);
        Assert.DoesNotContain("secret detail", reserved.Error?.Detail, StringComparison.Ordinal);
    }

    [ContractFact]
    public async Task ReserveConfirmed_InvalidOrUnservableRequest_NeverAsksThePeer()
    {
        IKeyStore master = await ReadyStoreAsync(blocks: 1);
        int asked = 0;
        Task<string?> Confirm(ReservationDescriptor d, CancellationToken ct)
        {
            Interlocked.Increment(ref asked);
            return Task.FromResult<string?>(null);
        }

        Assert.Equal(KeyStoreError.InvalidRequest, (await master.ReserveConfirmedAsync(Request(sizeBits: 12), Confirm)).Error?.Code);
        Assert.Equal(KeyStoreError.InsufficientKeyMaterial, (await master.ReserveConfirmedAsync(Request(count: 200), Confirm)).Error?.Code);
        Assert.Equal(0, asked);
        Assert.Equal(BlockBytes * 8, AvailableBits(master));
    }

    [ContractFact]
    public async Task ReserveConfirmed_ManyConcurrent_EveryKeyOnceAtBothEnds()
    {
        (IKeyStore master, IKeyStore slave) = await LinkedPairAsync(blocks: 4);

        Result<Reservation, KeyStoreFailure>[] results = await Task.WhenAll(Enumerable.Range(0, 40)
            .Select(_ => Task.Run(() => master.ReserveConfirmedAsync(Request(count: 4), ImportInto(slave)))));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Detail));
        KeyId[] ids = [.. results.SelectMany(r => r.Value.Keys.Select(k => k.Id))];
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Equal(results.SelectMany(r => r.Value.Descriptor.Keys).Select(k => (k.Block, k.OffsetBytes)).Distinct().Count(), ids.Length);
        Assert.Equal(AvailableBits(master), AvailableBits(slave));
    }
}
