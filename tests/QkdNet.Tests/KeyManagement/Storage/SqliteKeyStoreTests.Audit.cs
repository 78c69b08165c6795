using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Sealing;
using QkdNet.KeyManagement.Storage;
using QkdNet.Tests.KeyManagement.Support;

namespace QkdNet.Tests.KeyManagement.Storage;

public sealed partial class SqliteKeyStoreTests
{
    [Fact]
    public async Task VerifyAuditChain_InTheSameBatchAsAReservation_FindsTheChainIntact()
    {
        using var writerInCommit = new ManualResetEventSlim(false);
        using var release = new ManualResetEventSlim(false);
        int holdNextCommit = 0;
        await using SqliteKeyStore store = SqliteKeyStore.Open(
            new SqliteKeyStoreOptions
            {
                Path = Path.Combine(_folder, "batched.db"),
                DefaultPool = new PoolOptions(256, 1024, 4096, 1L << 30),
                BeforeCommit = () =>
                {
                    if (Interlocked.Exchange(ref holdNextCommit, 0) == 1)
                    {
                        writerInCommit.Set();
                        release.Wait(TimeSpan.FromSeconds(30));
                    }
                },
            },
            Time);
        Assert.True((await store.InitializeSealAsync(new SealSetup(Passphrase, 0, 0, SealSetup.MinPbkdf2Iterations))).IsSuccess);
        Assert.True((await store.IngestBlockAsync(Link, BlockId.Create("b0"), TestMaterial.Block(0, BlockBytes))).IsSuccess);

        // hold the writer in one commit, queue a reservation and a verification behind it: they run as one batch
        Volatile.Write(ref holdNextCommit, 1);
        Task<Result<PoolStatus, KeyStoreFailure>> held = store.IngestBlockAsync(Link, BlockId.Create("b1"), TestMaterial.Block(1, BlockBytes));
        Assert.True(writerInCommit.Wait(TimeSpan.FromSeconds(30)));
        Task<Result<Reservation, KeyStoreFailure>> reserved = store.ReserveAsync(Request(count: 2));
        Task<AuditVerification> verified = store.VerifyAuditChainAsync();
        release.Set();

        Assert.True((await held).IsSuccess);
        Result<Reservation, KeyStoreFailure> reservation = await reserved;
        Assert.True(reservation.IsSuccess);
        foreach (DeliveredKey key in reservation.Value.Keys)
        {
            key.Material.Dispose();
        }

        AuditVerification verification = await verified;
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.True((await store.VerifyAuditChainAsync()).IsIntact);
    }
}
