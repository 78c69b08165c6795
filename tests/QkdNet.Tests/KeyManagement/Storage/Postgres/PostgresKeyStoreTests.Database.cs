using System.Buffers.Binary;
using System.Text.RegularExpressions;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Audit;
using QkdNet.Tests.KeyManagement.Support;

namespace QkdNet.Tests.KeyManagement.Storage.Postgres;

/// <summary>PostgreSQL-only checks on the tables: the node lock, database-side faults, tamper evidence, schema guard.</summary>
public sealed partial class PostgresKeyStoreTests
{
    [ContractFact]
    public async Task Open_SameNodeStoreTwice_IsRefusedUntilTheFirstCloses()
    {
        IKeyStore first = await ReadyStoreAsync();
        InvalidOperationException refused = Assert.Throws<InvalidOperationException>(() => OpenStore());
        Assert.Contains("Another process", refused.Message, StringComparison.Ordinal);
        Track(OpenStore(node: 1)).GetType(); // another node's schema is independent

        await CloseAsync(first);
        IKeyStore reopened = Track(OpenStore());
        Assert.True(reopened.IsInitialized);
    }

    [ContractFact]
    public async Task AuditInsertRefusedByTheDatabase_FailsTheRequest_AndConsumesNothing()
    {
        IKeyStore store = await ReadyStoreAsync();
        long before = AvailableBits(store);
        await PostgresTestServer.ExecuteAsync(SchemaOf(0), """
            CREATE FUNCTION refuse_reserve() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN IF NEW.kind = 'Reserve' THEN RAISE EXCEPTION 'audit device full'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER refuse_reserve BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION refuse_reserve();
            """);

        Task<Result<Reservation, KeyStoreFailure>> reserve = store.ReserveAsync(Request(count: 2));
        Task<Result<int, KeyStoreFailure>> sweep = store.SweepExpiredAsync();
        Assert.Equal(KeyStoreError.StorageFailure, (await reserve).Error?.Code);
        Assert.True((await sweep).IsSuccess);
        Assert.Equal(before, AvailableBits(store));

        await PostgresTestServer.ExecuteAsync(SchemaOf(0), "DROP TRIGGER refuse_reserve ON audit;");
        Assert.True((await store.ReserveAsync(Request(count: 2))).IsSuccess);
        Assert.Equal(before - 512, AvailableBits(store));
        Assert.True((await store.VerifyAuditChainAsync()).IsIntact);
    }

    [ContractFact]
    public async Task AuditTable_RefusesUpdatesAndDeletes()
    {
        await ReadyStoreAsync();
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => PostgresTestServer.ExecuteAsync(SchemaOf(0), "DELETE FROM audit;"));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => PostgresTestServer.ExecuteAsync(SchemaOf(0), "UPDATE audit SET detail = '';"));
    }

    [ContractFact]
    public async Task VerifyAuditChain_AfterARowIsEditedInTheDatabase_FailsNamingTheRecord()
    {
        (IKeyStore master, _) = await LinkedPairAsync();
        await master.ReserveAsync(Request(count: 2));
        await CloseAsync(master);

        await PostgresTestServer.ExecuteAsync(SchemaOf(0), """
            ALTER TABLE audit DISABLE TRIGGER audit_no_change;
            UPDATE audit SET detail = replace(detail, 'sae-slave', 'sae-other') WHERE seq = 4;
            """);
        IKeyStore reopened = Track(OpenStore());
        AuditVerification verification = await reopened.VerifyAuditChainAsync();
        Assert.False(verification.IsIntact);
        Assert.Equal(4, verification.BrokenAtSequence);
    }

    [ContractFact]
    public async Task VerifyAuditChain_AfterTheNewestRecordIsDeleted_FailsOnTheSignedHead()
    {
        IKeyStore store = await ReadyStoreAsync();
        await store.ReserveAsync(Request());
        await CloseAsync(store);

        await PostgresTestServer.ExecuteAsync(SchemaOf(0), """
            ALTER TABLE audit DISABLE TRIGGER audit_no_change;
            DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit);
            """);
        IKeyStore reopened = Track(OpenStore());
        await reopened.UnsealWithPassphraseAsync(Passphrase);
        AuditVerification verification = await reopened.VerifyAuditChainAsync();
        Assert.False(verification.IsIntact);
        Assert.Contains("signed head", verification.Problem, StringComparison.Ordinal);
    }

    [ContractFact]
    public async Task Open_SchemaWithANewerVersion_Throws()
    {
        await CloseAsync(Track(OpenStore()));
        await PostgresTestServer.ExecuteAsync(SchemaOf(0), "UPDATE schema_version SET version = 99;");
        Assert.Throws<InvalidOperationException>(() => OpenStore());
    }

    [ContractFact]
    public async Task StoredRows_NeverContainKeyBytes()
    {
        (IKeyStore master, IKeyStore slave) = await LinkedPairAsync();
        Reservation reservation = (await master.ReserveAsync(Request(count: 8, scope: KeyDeliveryScope.Local))).Value;
        await slave.ImportAsync(reservation.Descriptor);
        await slave.FetchAsync(new FetchRequest(Slave, Master, [reservation.Keys[0].Id]));

        var windows = new HashSet<UInt128>();
        for (int block = 0; block < 2; block++)
        {
            byte[] material = TestMaterial.Block(block, BlockBytes);
            for (int i = 0; i + 12 <= material.Length; i++)
            {
                windows.Add(Window(material.AsSpan(i)));
            }
        }

        foreach (int node in new[] { 0, 1 })
        {
            foreach (string table in new[] { "meta", "blocks", "chunks", "keys", "audit" })
            {
                foreach (string row in await PostgresTestServer.ReadRowsAsync(SchemaOf(node), table))
                {
                    foreach (Match hex in HexRun().Matches(row))
                    {
                        byte[] bytes = Convert.FromHexString(hex.Groups[1].Value);
                        for (int i = 0; i + 12 <= bytes.Length; i++)
                        {
                            Assert.False(windows.Contains(Window(bytes.AsSpan(i))), $"{table} of node {node} holds key bytes");
                        }
                    }
                }
            }
        }
    }

    private static UInt128 Window(ReadOnlySpan<byte> bytes)
    {
        Span<byte> padded = stackalloc byte[16];
        bytes[..12].CopyTo(padded);
        return BinaryPrimitives.ReadUInt128LittleEndian(padded);
    }

    [GeneratedRegex(@"\\{1,2}x((?:[0-9a-f]{2})+)")]
    private static partial Regex HexRun();
}
