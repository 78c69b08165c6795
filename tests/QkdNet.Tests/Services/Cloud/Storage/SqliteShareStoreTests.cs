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
}
