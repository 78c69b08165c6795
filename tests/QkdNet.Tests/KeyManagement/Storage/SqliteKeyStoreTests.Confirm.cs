using QkdNet.KeyManagement;

namespace QkdNet.Tests.KeyManagement.Storage;

/// <summary>
/// <see cref="IKeyStore.ReserveConfirmedAsync"/> when the master's own commit fails after the peer imported (the
/// overlap only this store does): nothing is handed out, and the material the peer holds is never served again.
/// </summary>
public sealed partial class SqliteKeyStoreTests
{
    [Fact]
    public async Task ReserveConfirmed_LocalCommitFailsAfterPeerImported_FailsAndBurnsTheMaterial()
    {
        (IKeyStore master, IKeyStore slave) = await LinkedPairAsync();
        long before = AvailableBits(master);
        var told = new List<ReservationDescriptor>();
        _failCommits = 1;

        Result<Reservation, KeyStoreFailure> failed = await master.ReserveConfirmedAsync(Request(count: 2), ImportInto(slave, told));

        Assert.Equal(KeyStoreError.StorageFailure, failed.Error?.Code);
        Assert.False(failed.TryGetValue(out _));
        Assert.Single(told);
        // the master consumed (zeroed) exactly what the peer imported, so neither end can use those bytes again
        Assert.Equal(before - (2 * 256), AvailableBits(master));
        Assert.Equal(AvailableBits(master), AvailableBits(slave));
        Result<Reservation, KeyStoreFailure> next = await master.ReserveConfirmedAsync(Request(count: 2), ImportInto(slave, told));
        Assert.True(next.IsSuccess, next.Error?.Detail);
        Assert.Empty(next.Value.Descriptor.Keys.Select(k => (k.Block, k.OffsetBytes)).Intersect(told[0].Keys.Select(k => (k.Block, k.OffsetBytes))));
        Assert.True((await master.VerifyAuditChainAsync()).IsIntact);
    }

    [Fact]
    public async Task ReserveConfirmed_BurnAlsoFails_PeerRefusesTheSameMaterialLater()
    {
        (IKeyStore master, IKeyStore slave) = await LinkedPairAsync();
        long before = AvailableBits(master);
        var told = new List<ReservationDescriptor>();
        _failCommits = 2;

        Result<Reservation, KeyStoreFailure> failed = await master.ReserveConfirmedAsync(Request(count: 2), ImportInto(slave, told));

        Assert.Equal(KeyStoreError.StorageFailure, failed.Error?.Code);
        Assert.Equal(before, AvailableBits(master));
        // the master picks the same bytes again; the peer consumed them, so the exchange fails and nothing is served twice
        Result<Reservation, KeyStoreFailure> again = await master.ReserveConfirmedAsync(Request(count: 2), ImportInto(slave, told));
        Assert.Equal(KeyStoreError.NotConfirmed, again.Error?.Code);
        Assert.Equal(told[0].Keys.Select(k => (k.Block, k.OffsetBytes)), told[1].Keys.Select(k => (k.Block, k.OffsetBytes)));
        Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure> unknown = await slave.FetchAsync(new FetchRequest(Slave, Master, [.. told[1].Keys.Select(k => k.KeyId)]));
        Assert.Equal(KeyStoreError.UnknownKey, unknown.Error?.Code);
    }
}
