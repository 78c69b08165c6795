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
