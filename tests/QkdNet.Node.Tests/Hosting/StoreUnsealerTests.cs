using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Sealing;
using QkdNet.KeyManagement.Storage;
using QkdNet.Node.Configuration;
using QkdNet.Node.Hosting;
using QkdNet.Node.Tests.Support;

namespace QkdNet.Node.Tests.Hosting;

/// <summary>A node that starts without its passphrase says which variable or file it looked for.</summary>
public sealed class StoreUnsealerTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qkdnet-unsealer-").FullName;
    private readonly CapturingLogger<StoreUnsealer> _log = new();
    private SqliteKeyStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = SqliteKeyStore.Open(new SqliteKeyStoreOptions { Path = Path.Combine(_folder, "a.db") }, TimeProvider.System);
        Assert.True((await _store.InitializeSealAsync(new SealSetup("passphrase", 0, 0, SealSetup.MinPbkdf2Iterations))).IsSuccess);
        await _store.DisposeAsync();
        _store = SqliteKeyStore.Open(new SqliteKeyStoreOptions { Path = Path.Combine(_folder, "a.db") }, TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Start_PassphraseVariableNotSet_StaysSealed_AndNamesTheVariable()
    {
        string variable = "QKDNET_TEST_UNSET_" + Guid.NewGuid().ToString("N");
        var unsealer = new StoreUnsealer(_store, new UnsealSettings(variable, null, true, SealSetup.MinPbkdf2Iterations, 0, 0, null), _log);

        await unsealer.StartAsync(CancellationToken.None);

        Assert.True(_store.IsSealed);
        string line = await _log.NextLineAsync();
        Assert.Contains($"the environment variable {variable} (unseal.passphrase_env) is not set", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PassphraseFileEmpty_NamesTheFile()
    {
        string file = Path.Combine(_folder, "passphrase");
        File.WriteAllText(file, string.Empty);
        var unsealer = new StoreUnsealer(_store, new UnsealSettings(null, file, false, SealSetup.MinPbkdf2Iterations, 0, 0, null), _log);

        await unsealer.StartAsync(CancellationToken.None);

        Assert.Contains($"the passphrase file {file} (unseal.passphrase_file) is empty", await _log.NextLineAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnsealWithShares_StoreWithoutShares_PointsBackToThePassphrase()
    {
        Result<bool, KeyStoreFailure> opened = await _store.UnsealWithSharesAsync([]);

        Assert.Equal(KeyStoreError.WrongCredential, opened.Error?.Code);
        Assert.Contains("opens only with its passphrase", opened.Error?.Detail, StringComparison.Ordinal);
    }
}
