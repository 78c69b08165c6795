using QkdNet.Services.Cloud.Storage;

namespace QkdNet.Tests.Services.Cloud.Storage;

/// <summary>The <see cref="ShareStoreContractTests"/> on a SQLite file in a folder of the test's own.</summary>
public sealed class SqliteShareStoreTests : ShareStoreContractTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "qkdnet-shares-" + Guid.NewGuid().ToString("N"));

    protected override async Task<IShareStore> OpenStoreAsync(long maxShareBytes = 1 << 20) =>
        await SqliteShareStore.OpenAsync(Path.Combine(_folder, "shares.db"), Time, maxShareBytes);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Put_OnAFullDevice_IsFullWithAClearReason_StoresNothingHalfWay_AndKeepsWhatWasThere()
    {
        // a 1 MiB quota (16 pages of 64 KiB, 7 of them the schema) is the database's device: SQLite answers SQLITE_FULL
        // exactly as on a full disk
        IShareStore store = await SqliteShareStore.OpenAsync(Path.Combine(_folder, "full.db"), Time, 1 << 20, maxDatabaseBytes: 1 << 20);
        var stored = new List<(ShareId Id, byte[] Data)>();
        Result<ShareInfo, ShareStoreFailure> put = default!;
        for (int i = 0; i < 100; i++)
        {
            ShareId id = ShareId.New();
            byte[] data = Bytes(20_000, i);
            put = await store.PutAsync(id, Alice, data, Audit("put", id));
            if (!put.IsSuccess)
            {
                Assert.Equal(ShareStoreError.Full, put.Error?.Code);
                Assert.Equal("the server's storage is full; nothing was stored.", put.Error?.Detail);
                Assert.Equal(ShareStoreError.NotFound, (await store.GetAsync(id)).Error?.Code);
                break;
            }

            stored.Add((id, data));
        }

        Assert.False(put.IsSuccess, "the quota was never reached");
        Assert.NotEmpty(stored);
        Assert.Equal(stored.Count, (await store.ListAsync(Alice)).Value.Count);
        foreach ((ShareId id, byte[] data) in stored)
        {
            using StoredShare share = (await store.GetAsync(id)).Value;
            Assert.Equal(data, share.Data.ToArray());
        }

        // the refused put left no audit record half-written: the chain still verifies, and a delete makes room again
        Assert.Null(ShareAuditChain.FirstBroken((await store.ReadAuditAsync(0, 1000)).Value));
        Assert.True((await store.DeleteAsync(stored[0].Id, Audit("delete", stored[0].Id))).IsSuccess);
        await store.DisposeAsync();
    }

    [Fact]
    public async Task PutStreamed_PastTheQuota_IsFull_KeepsNothingOfTheShare_AndTheQuotaHoldsAfterReopening()
    {
        string path = Path.Combine(_folder, "quota.db");
        IShareStore first = await SqliteShareStore.OpenAsync(path, Time, 8 << 20);
        await first.DisposeAsync();
        IShareStore store = await SqliteShareStore.OpenAsync(path, Time, 8 << 20, maxDatabaseBytes: 1 << 20);
        ShareId id = ShareId.New();
        byte[] data = Bytes(4 << 20, 5);

        Result<ShareInfo, ShareStoreFailure> put = await store.PutAsync(id, Alice, data.Length, Pieces(data, (1 << 20) + 16), Audit("put", id));

        Assert.Equal(ShareStoreError.Full, put.Error?.Code);
        Assert.Equal(ShareStoreError.NotFound, (await store.GetInfoAsync(id)).Error?.Code);
        await store.DisposeAsync();
    }

    [Fact]
    public async Task Delete_OverwritesTheSharesBytesInTheFile()
    {
        ShareId id = ShareId.New();
        byte[] marker = [.. Enumerable.Repeat((byte)0xA5, 4096)];
        IShareStore store = await StoreAsync();
        await store.PutAsync(id, Alice, marker, Audit("put", id));
        await store.DeleteAsync(id, Audit("delete", id));
        await CloseAsync(store);

        byte[] file = [.. Directory.GetFiles(_folder).SelectMany(File.ReadAllBytes)];
        Assert.Equal(-1, file.AsSpan().IndexOf(marker.AsSpan(0, 256)));
    }

    [Fact]
    public async Task Crash_InTheMiddleOfAPut_LeavesNothingOfIt_AndKeepsWhatWasCommitted()
    {
        // the crash: the database's files copied while a 4 MiB put is half streamed in (its first pages already spilled to
        // the file, the originals in the rollback journal), then that copy opened as the server would after kill -9
        string path = Path.Combine(_folder, "crash.db");
        IShareStore store = await SqliteShareStore.OpenAsync(path, Time, 8 << 20);
        ShareId kept = ShareId.New();
        byte[] keptData = Bytes(3 << 20, 11);
        Assert.True((await store.PutAsync(kept, Alice, keptData, Audit("put", kept))).IsSuccess);

        ShareId torn = ShareId.New();
        byte[] tornData = Bytes(4 << 20, 12);
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int served = 0;
        Task<Result<ShareInfo, ShareStoreFailure>> put = store.PutAsync(torn, Alice, tornData.Length, async _ =>
        {
            if (served == 3 << 20)
            {
                halfway.SetResult();
                await resume.Task;
                return ShareChunk.Failed("the test's connection broke.");
            }

            ReadOnlyMemory<byte> next = tornData.AsMemory(served, 1 << 20);
            served += next.Length;
            return ShareChunk.Of(next);
        }, Audit("put", torn));
        await halfway.Task;
        string crashed = Path.Combine(_folder, "crashed");
        Directory.CreateDirectory(crashed);
        foreach (string file in Directory.GetFiles(_folder, "crash.db*"))
        {
            File.Copy(file, Path.Combine(crashed, Path.GetFileName(file)));
        }

        resume.SetResult();
        Assert.Equal(ShareStoreError.Rejected, (await put).Error?.Code);
        await store.DisposeAsync();
        Assert.True(new FileInfo(Path.Combine(crashed, "crash.db-journal")).Length > 0, "the copy was not taken inside the put's transaction");

        IShareStore reopened = await SqliteShareStore.OpenAsync(Path.Combine(crashed, "crash.db"), Time, 8 << 20);
        Assert.Equal(ShareStoreError.NotFound, (await reopened.GetInfoAsync(torn)).Error?.Code);
        using (StoredShare share = (await reopened.GetAsync(kept)).Value)
        {
            Assert.Equal(keptData, share.Data.ToArray());
        }

        IReadOnlyList<ShareAuditRecord> audit = (await reopened.ReadAuditAsync(0, 1000)).Value;
        Assert.Null(ShareAuditChain.FirstBroken(audit));
        Assert.Equal(["put"], audit.Select(r => r.Event.Action));
        Assert.Single((await reopened.ListAsync(Alice)).Value);
        await reopened.DisposeAsync();
    }

    [Fact]
    public async Task Put_OnceAnswered_IsInTheFilesOnDisk_WithTheStoreStillOpen()
    {
        // kill -9 right after the answer: nothing is closed or checkpointed, so what a copy of the files holds is what survives
        string path = Path.Combine(_folder, "answered.db");
        IShareStore store = await SqliteShareStore.OpenAsync(path, Time, 8 << 20);
        ShareId id = ShareId.New();
        byte[] data = Bytes((5 << 20) + 333, 13);
        Assert.True((await store.PutAsync(id, Alice, data.Length, Pieces(data, (1 << 20) + 7), Audit("put", id))).IsSuccess);

        string copied = Path.Combine(_folder, "copied");
        Directory.CreateDirectory(copied);
        foreach (string file in Directory.GetFiles(_folder, "answered.db*"))
        {
            File.Copy(file, Path.Combine(copied, Path.GetFileName(file)));
        }

        IShareStore reopened = await SqliteShareStore.OpenAsync(Path.Combine(copied, "answered.db"), Time, 8 << 20);
        using (StoredShare share = (await reopened.GetAsync(id)).Value)
        {
            Assert.Equal(data, share.Data.ToArray());
            Assert.Equal(1, share.Info.Version);
        }

        Assert.Null(ShareAuditChain.FirstBroken((await reopened.ReadAuditAsync(0, 1000)).Value));
        await reopened.DisposeAsync();
        await store.DisposeAsync();
    }
}
