using System.Security.Cryptography;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Relay;
using QkdNet.KeyManagement.Sealing;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Tests.KeyManagement.Relay;

/// <summary>Pad batches between two real stores (the two ends of one link): packing, naming, and small pools.</summary>
public sealed class StoreRelayPadsTests : IAsyncLifetime
{
    private const int PadBytes = 48; // a 256-bit share plus the 16-byte authentication pad
    private static readonly KmeId A = KmeId.Create("kme-a");
    private static readonly KmeId B = KmeId.Create("kme-b");
    private static readonly LinkId Link = LinkId.Create("link-ab");

    private readonly string _folder = Directory.CreateTempSubdirectory("qkdnet-pads-").FullName;
    private SqliteKeyStore _storeA = null!;
    private SqliteKeyStore _storeB = null!;

    public async Task InitializeAsync()
    {
        _storeA = await OpenAsync("a.db");
        _storeB = await OpenAsync("b.db");
    }

    public async Task DisposeAsync()
    {
        await _storeA.DisposeAsync();
        await _storeB.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Batch_PacksSeveralPadsPerStoreKey_AndBothEndsHoldTheSameBytesUnderTheSameNames()
    {
        byte[] material = RandomNumberGenerator.GetBytes(64 << 10);
        await IngestBothAsync(material);
        using var sender = new StoreRelayPads(_storeA, A);
        using var receiver = new StoreRelayPads(_storeB, B);

        var reserved = await sender.ReserveBatchAsync(Link, B, PadBytes, 64, CancellationToken.None);
        Assert.True(reserved.IsSuccess, reserved.Error);
        (List<RelayPad> pads, ReservationDescriptor descriptor) = reserved.Value;
        Assert.True(pads.Count >= 64);
        Assert.True(descriptor.Keys.Count < pads.Count / 10, $"{descriptor.Keys.Count} store keys for {pads.Count} pads");
        Assert.Equal(pads.Count, pads.Select(p => p.KeyIds[0]).Distinct().Count());

        var accepted = await receiver.AcceptBatchAsync(Link, A, descriptor, PadBytes, CancellationToken.None);
        Assert.True(accepted.IsSuccess, accepted.Error);
        Assert.Equal(pads.Count, accepted.Value);
        sender.Stock(Link, B, PadBytes, pads);
        for (int i = 0; i < pads.Count; i++)
        {
            using RelayPad mine = sender.Take(Link, B, PadBytes).Value!;
            using RelayPad theirs = receiver.Claim(Link, A, mine.KeyIds, PadBytes).Value!;
            Assert.True(mine.Span.SequenceEqual(theirs.Span));
        }

        Assert.False(sender.Take(Link, B, PadBytes).IsSuccess);
    }

    [Fact]
    public async Task Claim_OfAPadUsedBefore_IsRefused()
    {
        await IngestBothAsync(RandomNumberGenerator.GetBytes(8 << 10));
        using var sender = new StoreRelayPads(_storeA, A);
        using var receiver = new StoreRelayPads(_storeB, B);
        var reserved = await sender.ReserveBatchAsync(Link, B, PadBytes, 8, CancellationToken.None);
        Assert.True((await receiver.AcceptBatchAsync(Link, A, reserved.Value.Descriptor, PadBytes, CancellationToken.None)).IsSuccess);
        RelayPad pad = reserved.Value.Pads[0];

        using RelayPad first = receiver.Claim(Link, A, pad.KeyIds, PadBytes).Value!;

        Assert.False(receiver.Claim(Link, A, pad.KeyIds, PadBytes).IsSuccess);
        foreach (RelayPad p in reserved.Value.Pads)
        {
            p.Dispose();
        }
    }

    [Fact]
    public async Task Batch_FromAPoolTooLowForTheWholeBatch_IsSmaller_NotRefused()
    {
        await IngestBothAsync(RandomNumberGenerator.GetBytes(3 << 10)); // three store keys of 1 KiB, not the 13 of 256 pads
        using var sender = new StoreRelayPads(_storeA, A);

        var reserved = await sender.ReserveBatchAsync(Link, B, PadBytes, 256, CancellationToken.None);

        Assert.True(reserved.IsSuccess, reserved.Error);
        Assert.InRange(reserved.Value.Pads.Count, 1, 255);
        foreach (RelayPad p in reserved.Value.Pads)
        {
            p.Dispose();
        }
    }

    [Fact]
    public void PadId_OfPackedPads_IsDistinctPerIndex_AndTheSameAtBothEnds()
    {
        KeyId key = KeyId.New();

        KeyId[] ids = [.. Enumerable.Range(0, 21).Select(i => StoreRelayPads.PadId(key, i, 21))];

        Assert.Equal(21, ids.Distinct().Count());
        Assert.DoesNotContain(key, ids);
        Assert.Equal(ids[5], StoreRelayPads.PadId(key, 5, 21));
        Assert.Equal(key, StoreRelayPads.PadId(key, 0, 1));
    }

    private async Task<SqliteKeyStore> OpenAsync(string file)
    {
        var store = SqliteKeyStore.Open(new SqliteKeyStoreOptions { Path = Path.Combine(_folder, file), DefaultPool = new PoolOptions(256, 1024, 4096, 1L << 30) }, TimeProvider.System);
        Assert.True((await store.InitializeSealAsync(new SealSetup("passphrase", 0, 0, SealSetup.MinPbkdf2Iterations))).IsSuccess);
        return store;
    }

    /// <summary>The same block in A's pool towards B at both ends, as the link layer would deliver it.</summary>
    private async Task IngestBothAsync(byte[] material)
    {
        LinkId pool = LinkPools.PoolOf(Link, A);
        Assert.True((await _storeA.IngestBlockAsync(pool, BlockId.Create("b0"), material)).IsSuccess);
        Assert.True((await _storeB.IngestBlockAsync(pool, BlockId.Create("b0"), material)).IsSuccess);
        CryptographicOperations.ZeroMemory(material);
    }
}
