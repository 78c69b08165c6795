using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Sealing;
using QkdNet.KeyManagement.Storage;
using QkdNet.Tests.KeyManagement.Support;

namespace QkdNet.Tests.KeyManagement.Storage;

/// <summary>SQLite-only checks of what an operator meets when opening a store: file modes, folders, a second opener, failure logs.</summary>
public sealed partial class SqliteKeyStoreTests
{
    [Fact]
    public async Task Open_NewStore_FilesAreOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix modes; Windows relies on the folder's ACLs
        }

        IKeyStore store = await ReadyStoreAsync(); // initialised and written, so the WAL and shared-memory files exist
        await store.ReserveAsync(Request());

        string[] files = [PathOf(0), PathOf(0) + "-wal", PathOf(0) + "-shm"];
        foreach (string file in files)
        {
            Assert.True(File.Exists(file), file);
            Assert.Equal(StoreFiles.OwnerOnlyFile, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task Open_PathInAMissingFolder_CreatesTheFolderOwnerOnly()
    {
        string path = Path.Combine(_folder, "data", "nested", "a.db");

        IKeyStore store = Track(SqliteKeyStore.Open(new SqliteKeyStoreOptions { Path = path }, Time));

        Assert.True(File.Exists(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(StoreFiles.OwnerOnlyFolder, File.GetUnixFileMode(Path.Combine(_folder, "data")));
            Assert.Equal(StoreFiles.OwnerOnlyFolder, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        }

        await CloseAsync(store);
    }

    [Fact]
    public async Task Open_WhileAnotherOpenerHoldsTheStore_RefusesNamingTheOwner()
    {
        IKeyStore first = Track(OpenStore());

        IOException refused = Assert.Throws<IOException>(() => OpenStore());
        Assert.Contains($"in use by process {Environment.ProcessId}", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);

        await CloseAsync(first);
        await CloseAsync(Track(OpenStore())); // the claim ends with the store
    }

    [Fact]
    public async Task Open_FailsAfterTheClaim_ReleasesIt()
    {
        await CloseAsync(Track(OpenStore()));
        File.WriteAllText(PathOf(0), "not a database, and long enough for SQLite to read a header from it......................");

        Assert.ThrowsAny<Exception>(() => OpenStore());

        File.Delete(PathOf(0));
        await CloseAsync(Track(OpenStore()));
    }

    [Fact]
    public async Task CommitFailure_IsLoggedWithTypeAndStack_NeverTheMessage()
    {
        var logger = new ListLogger();
        IKeyStore store = Track(SqliteKeyStore.Open(
            new SqliteKeyStoreOptions { Path = PathOf(0), BeforeCommit = () => throw new InvalidOperationException("secret-looking text 0badc0de") },
            Time,
            logger));

        Result<SealInitialization, KeyStoreFailure> failed = await store.InitializeSealAsync(new SealSetup(Passphrase, 0, 0, SealSetup.MinPbkdf2Iterations));

        Assert.Equal(KeyStoreError.StorageFailure, failed.Error?.Code);
        string line = Assert.Single(logger.Lines, l => l.Contains("InvalidOperationException", StringComparison.Ordinal));
        Assert.Contains("rolled back", line, StringComparison.Ordinal);
        Assert.Contains(" at ", line, StringComparison.Ordinal); // the stack, which tells a bug from a disk failure
        Assert.DoesNotContain("0badc0de", line, StringComparison.Ordinal);
        await CloseAsync(store);
    }
}
