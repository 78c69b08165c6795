using QkdNet.Services.Cloud.Storage;
using QkdNet.Tests.KeyManagement.Support;

namespace QkdNet.Tests.Services.Cloud.Storage;

/// <summary>What every <see cref="IShareStore"/> must do; an implementation's class says how to open one (and reopen it).</summary>
public abstract class ShareStoreContractTests : IAsyncLifetime
{
    protected const string Alice = "alice";
    private readonly List<IShareStore> _open = [];

    protected FakeTimeProvider Time { get; } = new();

    /// <summary>Opens (or reopens) this test's store.</summary>
    protected abstract Task<IShareStore> OpenStoreAsync(long maxShareBytes = 1 << 20);

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (IShareStore store in _open)
        {
            await store.DisposeAsync();
        }
    }

    protected async Task<IShareStore> StoreAsync(long maxShareBytes = 1 << 20)
    {
        IShareStore store = await OpenStoreAsync(maxShareBytes);
        _open.Add(store);
        return store;
    }

    protected async Task CloseAsync(IShareStore store)
    {
        _open.Remove(store);
        await store.DisposeAsync();
    }

    protected static ShareAuditEvent Audit(string action, ShareId id) => new(Alice, "owner", action, id.Value, true, "ok");

    protected static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [ContractFact]
    public async Task Put_ThenGet_ReturnsTheBytesAtVersionOne()
    {
        IShareStore store = await StoreAsync();
        ShareId id = ShareId.New();
        byte[] data = Bytes(1000, 1);
        Assert.True((await store.PutAsync(id, Alice, data, Audit("put", id))).IsSuccess);

        Result<StoredShare, ShareStoreFailure> got = await store.GetAsync(id);
        using StoredShare share = got.Value;
        Assert.Equal(data, share.Data.ToArray());
        Assert.Equal(1, share.Info.Version);
        Assert.Equal(Alice, share.Info.Owner);
        Assert.Equal(1000, share.Info.LengthBytes);
    }

    [ContractFact]
    public async Task Put_ExistingId_IsRefusedAndKeepsTheFirstBytes()
    {
        IShareStore store = await StoreAsync();
        ShareId id = ShareId.New();
        await store.PutAsync(id, Alice, Bytes(10, 1), Audit("put", id));

        Result<ShareInfo, ShareStoreFailure> second = await store.PutAsync(id, "mallory", Bytes(10, 2), Audit("put", id));
        Assert.Equal(ShareStoreError.AlreadyExists, second.Error?.Code);
        using StoredShare share = (await store.GetAsync(id)).Value;
        Assert.Equal(Bytes(10, 1), share.Data.ToArray());
        Assert.Equal(Alice, share.Info.Owner);
    }

    [ContractFact]
    public async Task Put_LargerThanTheLimit_IsTooLargeAndStoresNothing()
    {
        IShareStore store = await StoreAsync(maxShareBytes: 100);
        ShareId id = ShareId.New();
        Assert.Equal(ShareStoreError.TooLarge, (await store.PutAsync(id, Alice, Bytes(101, 1), Audit("put", id))).Error?.Code);
        Assert.Equal(ShareStoreError.NotFound, (await store.GetAsync(id)).Error?.Code);
    }

    /// <summary>A source handing <paramref name="data"/> over in pieces of <paramref name="piece"/> bytes, then failing with <paramref name="failure"/> if given.</summary>
    protected static ShareChunkSource Pieces(byte[] data, int piece, string? failure = null)
    {
        int at = 0;
        return _ =>
        {
            if (at >= data.Length)
            {
                return ValueTask.FromResult(failure is null ? ShareChunk.End : ShareChunk.Failed(failure));
            }

            ReadOnlyMemory<byte> next = data.AsMemory(at, Math.Min(piece, data.Length - at));
            at += next.Length;
            return ValueTask.FromResult(ShareChunk.Of(next));
        };
    }

    [ContractFact]
    public async Task PutStreamed_InUnevenPieces_ReadsBackInOrderThroughTheSink()
    {
        IShareStore store = await StoreAsync(maxShareBytes: 4 << 20);
        ShareId id = ShareId.New();
        byte[] data = Bytes((2 << 20) + 12345, 7);

        Assert.True((await store.PutAsync(id, Alice, data.Length, Pieces(data, 300_001), Audit("put", id))).IsSuccess);

        var read = new List<byte>();
        Result<ShareInfo, ShareStoreFailure> info = await store.ReadAsync(id, 1, (chunk, _) =>
        {
            read.AddRange(chunk.ToArray());
            return ValueTask.CompletedTask;
        });
        Assert.True(info.IsSuccess);
        Assert.Equal(data.Length, info.Value.LengthBytes);
        Assert.Equal(data, read.ToArray());
        using StoredShare whole = (await store.GetAsync(id)).Value;
        Assert.Equal(data, whole.Data.ToArray());
    }

    [ContractFact]
    public async Task PutStreamed_SourceFailsHalfWay_StoresNothingAndAuditsTheRefusal()
    {
        IShareStore store = await StoreAsync();
        ShareId id = ShareId.New();
        byte[] half = Bytes(600, 3);

        Result<ShareInfo, ShareStoreFailure> put = await store.PutAsync(id, Alice, 1200, Pieces(half, 100, "segment 3 failed its tag"), Audit("put", id));

        Assert.Equal(ShareStoreError.Rejected, put.Error?.Code);
        Assert.Contains("segment 3 failed its tag", put.Error?.Detail, StringComparison.Ordinal);
        Assert.Equal(ShareStoreError.NotFound, (await store.GetInfoAsync(id)).Error?.Code);
        Assert.Empty((await store.ListAsync(Alice)).Value);
        ShareAuditRecord last = (await store.ReadAuditAsync(0, 100)).Value[^1];
        Assert.Contains("refused", last.Event.Outcome, StringComparison.Ordinal);
        // the identifier is still free: nothing of the failed put was kept
        Assert.True((await store.PutAsync(id, Alice, Bytes(10, 4), Audit("put", id))).IsSuccess);
    }

    [ContractFact]
    public async Task PutStreamed_ShorterOrLongerThanDeclared_IsRejectedAndStoresNothing()
    {
        IShareStore store = await StoreAsync();
        ShareId shorter = ShareId.New(), longer = ShareId.New();

        Assert.Equal(ShareStoreError.Rejected, (await store.PutAsync(shorter, Alice, 500, Pieces(Bytes(400, 1), 64), Audit("put", shorter))).Error?.Code);
        Assert.Equal(ShareStoreError.Rejected, (await store.PutAsync(longer, Alice, 300, Pieces(Bytes(400, 1), 64), Audit("put", longer))).Error?.Code);

        Assert.Equal(ShareStoreError.NotFound, (await store.GetInfoAsync(shorter)).Error?.Code);
        Assert.Equal(ShareStoreError.NotFound, (await store.GetInfoAsync(longer)).Error?.Code);
    }

    [ContractFact]
    public async Task Read_AtAnOlderVersion_IsAVersionMismatchAndHandsNothing()
    {
        IShareStore store = await StoreAsync();
        ShareId id = ShareId.New();
        await store.PutAsync(id, Alice, Bytes(64, 1), Audit("put", id));
        await store.ReplaceAsync(id, 1, Bytes(64, 2), Audit("refresh", id));
        int handed = 0;

        Result<ShareInfo, ShareStoreFailure> read = await store.ReadAsync(id, 1, (_, _) =>
        {
            handed++;
            return ValueTask.CompletedTask;
        });

        Assert.Equal(ShareStoreError.VersionMismatch, read.Error?.Code);
        Assert.Equal(0, handed);
    }

    [ContractFact]
    public async Task Get_UnknownId_IsNotFound()
    {
        IShareStore store = await StoreAsync();
        Assert.Equal(ShareStoreError.NotFound, (await store.GetAsync(ShareId.New())).Error?.Code);
        Assert.Equal(ShareStoreError.NotFound, (await store.GetInfoAsync(ShareId.New())).Error?.Code);
    }

    [ContractFact]
    public async Task List_ReturnsOnlyTheOwnersShares()
    {
        IShareStore store = await StoreAsync();
        ShareId mine = ShareId.New(), theirs = ShareId.New();
        await store.PutAsync(mine, Alice, Bytes(5, 1), Audit("put", mine));
        await store.PutAsync(theirs, "bob", Bytes(5, 2), Audit("put", theirs));

        IReadOnlyList<ShareInfo> listed = (await store.ListAsync(Alice)).Value;
        Assert.Equal([mine], listed.Select(s => s.Id));
    }

    [ContractFact]
    public async Task Replace_AtTheExpectedVersion_ChangesTheBytesAndBumpsTheVersion()
    {
        IShareStore store = await StoreAsync();
        ShareId id = ShareId.New();
        await store.PutAsync(id, Alice, Bytes(64, 1), Audit("put", id));

        Result<ShareInfo, ShareStoreFailure> replaced = await store.ReplaceAsync(id, 1, Bytes(64, 2), Audit("refresh", id));
        Assert.Equal(2, replaced.Value.Version);
        using StoredShare share = (await store.GetAsync(id)).Value;
        Assert.Equal(Bytes(64, 2), share.Data.ToArray());
        Assert.Equal(2, share.Info.Version);
    }

    [ContractFact]
    public async Task Replace_AtAStaleVersionOrAnotherLength_ChangesNothing()
    {
        IShareStore store = await StoreAsync();
        ShareId id = ShareId.New();
        await store.PutAsync(id, Alice, Bytes(64, 1), Audit("put", id));
        await store.ReplaceAsync(id, 1, Bytes(64, 2), Audit("refresh", id));

        Assert.Equal(ShareStoreError.VersionMismatch, (await store.ReplaceAsync(id, 1, Bytes(64, 3), Audit("refresh", id))).Error?.Code);
        Assert.Equal(ShareStoreError.VersionMismatch, (await store.ReplaceAsync(id, 2, Bytes(63, 3), Audit("refresh", id))).Error?.Code);
        Assert.Equal(ShareStoreError.NotFound, (await store.ReplaceAsync(ShareId.New(), 1, Bytes(64, 3), Audit("refresh", id))).Error?.Code);
        using StoredShare share = (await store.GetAsync(id)).Value;
        Assert.Equal(Bytes(64, 2), share.Data.ToArray());
    }

    [ContractFact]
    public async Task Delete_RemovesTheShare_AndASecondDeleteIsNotFound()
    {
        IShareStore store = await StoreAsync();
        ShareId id = ShareId.New();
        await store.PutAsync(id, Alice, Bytes(8, 1), Audit("put", id));

        Assert.True((await store.DeleteAsync(id, Audit("delete", id))).IsSuccess);
        Assert.Equal(ShareStoreError.NotFound, (await store.GetAsync(id)).Error?.Code);
        Assert.Equal(ShareStoreError.NotFound, (await store.DeleteAsync(id, Audit("delete", id))).Error?.Code);
    }

    [ContractFact]
    public async Task Shares_SurviveReopening()
    {
        IShareStore store = await StoreAsync();
        ShareId id = ShareId.New();
        await store.PutAsync(id, Alice, Bytes(300, 1), Audit("put", id));
        await CloseAsync(store);

        IShareStore reopened = await StoreAsync();
        using StoredShare share = (await reopened.GetAsync(id)).Value;
        Assert.Equal(Bytes(300, 1), share.Data.ToArray());
    }

    [ContractFact]
    public async Task Audit_RecordsEveryRequestIncludingRefusals_InAnIntactChainAcrossReopening()
    {
        IShareStore store = await StoreAsync();
        ShareId id = ShareId.New();
        await store.PutAsync(id, Alice, Bytes(8, 1), Audit("put", id));
        await store.PutAsync(id, Alice, Bytes(8, 1), Audit("put", id));
        await store.AppendAuditAsync(new ShareAuditEvent("bob", "analyst", "get", id.Value, false, "analysts see aggregates only"));
        await CloseAsync(store);
        IShareStore reopened = await StoreAsync();
        await reopened.DeleteAsync(id, Audit("delete", id));

        IReadOnlyList<ShareAuditRecord> records = (await reopened.ReadAuditAsync(0, 100)).Value;
        Assert.Equal([1L, 2, 3, 4], records.Select(r => r.Sequence));
        Assert.Contains("already exists", records[1].Event.Outcome, StringComparison.Ordinal);
        Assert.False(records[2].Event.Allowed);
        Assert.Null(ShareAuditChain.FirstBroken(records));
        Assert.Equal([3L, 4], (await reopened.ReadAuditAsync(2, 100)).Value.Select(r => r.Sequence));
    }

    [ContractFact]
    public async Task Audit_AnEditedRecord_BreaksTheChainThere()
    {
        IShareStore store = await StoreAsync();
        for (int i = 0; i < 4; i++)
        {
            await store.AppendAuditAsync(new ShareAuditEvent(Alice, "owner", "list", "-", true, "ok"));
        }

        List<ShareAuditRecord> records = [.. (await store.ReadAuditAsync(0, 10)).Value];
        records[2] = records[2] with { Event = records[2].Event with { Caller = "mallory" } };
        Assert.Equal(3, ShareAuditChain.FirstBroken(records));
        records.RemoveAt(2);
        Assert.Equal(4, ShareAuditChain.FirstBroken(records));
    }

    [ContractFact]
    public async Task ConcurrentPuts_AllLand_NoneLostNoneDuplicated()
    {
        IShareStore store = await StoreAsync();
        ShareId[] ids = [.. Enumerable.Range(0, 40).Select(_ => ShareId.New())];
        Result<ShareInfo, ShareStoreFailure>[] results = await Task.WhenAll(ids.Select((id, i) => store.PutAsync(id, Alice, Bytes(32, i), Audit("put", id))));

        Assert.All(results, r => Assert.True(r.IsSuccess));
        Assert.Equal(ids.Select(i => i.Value).Order(StringComparer.Ordinal), (await store.ListAsync(Alice)).Value.Select(s => s.Id.Value).Order(StringComparer.Ordinal));
        IReadOnlyList<ShareAuditRecord> audit = (await store.ReadAuditAsync(0, 100)).Value;
        Assert.Equal(40, audit.Count);
        Assert.Null(ShareAuditChain.FirstBroken(audit));
    }
}
