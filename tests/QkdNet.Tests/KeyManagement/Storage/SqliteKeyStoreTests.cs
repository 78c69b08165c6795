using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Tests.KeyManagement.Storage;

/// <summary>The <see cref="KeyStoreContractTests"/> on SQLite files in a fresh temporary folder per test.</summary>
public sealed partial class SqliteKeyStoreTests : KeyStoreContractTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qkdnet-keystore-").FullName;

    /// <summary>How many of node 0's next commits fail (a test hook for the confirmed-reservation tests).</summary>
    private int _failCommits;

    private string PathOf(int node) => Path.Combine(_folder, $"node{node}.db");

    protected override IKeyStore OpenStore(int node = 0, Action<AuditEventKind>? beforeAuditWrite = null, PoolOptions? pool = null) =>
        SqliteKeyStore.Open(
            new SqliteKeyStoreOptions
            {
                Path = PathOf(node),
                ReservationLifetime = Lifetime,
                DefaultPool = pool ?? new PoolOptions(256, 1024, 4096, 1L << 30),
                BeforeAuditWrite = beforeAuditWrite,
                BeforeCommit = node == 0 ? FailCommitWhenAsked : null,
            },
            Time);

    private void FailCommitWhenAsked()
    {
        if (Volatile.Read(ref _failCommits) > 0 && Interlocked.Decrement(ref _failCommits) >= 0)
        {
            throw new IOException("disk gone");
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
