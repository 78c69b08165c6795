using System.Buffers.Binary;
using Microsoft.Data.Sqlite;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Audit;
using QkdNet.Tests.KeyManagement.Support;

namespace QkdNet.Tests.KeyManagement.Storage;

/// <summary>SQLite-only checks on the raw files: no key bytes at rest, tamper evidence, schema guard.</summary>
public sealed partial class SqliteKeyStoreTests
{
    [Fact]
    public async Task RawFiles_AuditAndMessages_NeverContainKeyBytes()
    {
        (IKeyStore master, IKeyStore slave) = await LinkedPairAsync();
        var texts = new List<string>();
        Result<Reservation, KeyStoreFailure> reserved = await master.ReserveAsync(Request(count: 8, scope: KeyDeliveryScope.Local));
        Reservation reservation = reserved.Value;
        texts.Add(reserved.ToString());
        texts.AddRange(reservation.Keys.Select(k => k.ToString()));
        await slave.ImportAsync(reservation.Descriptor);
        texts.Add((await slave.ImportAsync(reservation.Descriptor)).Error!.Detail);
        texts.Add((await slave.FetchAsync(new FetchRequest(Other, Master, [reservation.Keys[0].Id]))).Error!.Detail);
        texts.Add((await slave.FetchAsync(new FetchRequest(Slave, Master, [reservation.Keys[0].Id]))).ToString());
        await CloseAsync(master);
        await CloseAsync(slave);

        // every 12-byte window of the link material, as a number for fast lookup
        var windows = new HashSet<UInt128>();
        for (int block = 0; block < 2; block++)
        {
            byte[] material = TestMaterial.Block(block, BlockBytes);
            for (int i = 0; i + 12 <= material.Length; i++)
            {
                windows.Add(Window(material.AsSpan(i)));
            }
        }

        foreach (string file in Directory.GetFiles(Path.GetDirectoryName(PathOf(0))!))
        {
            byte[] bytes = File.ReadAllBytes(file);
            for (int i = 0; i + 12 <= bytes.Length; i++)
            {
                Assert.False(windows.Contains(Window(bytes.AsSpan(i))), $"{Path.GetFileName(file)} holds key bytes at {i}");
            }
        }

        foreach (string text in texts.Concat(ReadAuditDetails(PathOf(1))))
        {
            foreach (DeliveredKey key in reservation.Keys)
            {
                Assert.DoesNotContain(Convert.ToHexString(key.Material.Span[..8]), text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(Convert.ToBase64String(key.Material.Span[..9]), text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task VerifyAuditChain_AfterARowIsEditedInTheFile_FailsNamingTheRecord()
    {
        (IKeyStore master, _) = await LinkedPairAsync();
        await master.ReserveAsync(Request(count: 2));
        await master.ReserveAsync(Request(count: 1));
        await CloseAsync(master);

        RawSql(PathOf(0), "DROP TRIGGER audit_no_update; UPDATE audit SET detail = replace(detail, 'sae-slave', 'sae-other') WHERE seq = 4;");
        IKeyStore reopened = Track(OpenStore());
        AuditVerification verification = await reopened.VerifyAuditChainAsync();
        Assert.False(verification.IsIntact);
        Assert.Equal(4, verification.BrokenAtSequence);
        Assert.Contains("Record 4", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAuditChain_AfterTheNewestRecordIsDeleted_FailsOnTheSignedHead()
    {
        IKeyStore store = await ReadyStoreAsync();
        await store.ReserveAsync(Request());
        await CloseAsync(store);

        RawSql(PathOf(0), "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit);");
        IKeyStore reopened = Track(OpenStore());
        Assert.True((await reopened.VerifyAuditChainAsync()).IsIntact); // the chain alone cannot tell while sealed
        await reopened.UnsealWithPassphraseAsync(Passphrase);
        AuditVerification verification = await reopened.VerifyAuditChainAsync();
        Assert.False(verification.IsIntact);
        Assert.Contains("signed head", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SwappedChunks_FailAuthentication_AndServeNothing()
    {
        IKeyStore store = await ReadyStoreAsync();
        await CloseAsync(store);
        RawSql(PathOf(0), """
            UPDATE chunks SET sealed = (SELECT c2.sealed FROM chunks c2 WHERE c2.id = chunks.id + 1)
            WHERE id = (SELECT min(id) FROM blocks) << 20;
            """);
        IKeyStore reopened = Track(OpenStore());
        await reopened.UnsealWithPassphraseAsync(Passphrase);
        Assert.Equal(KeyStoreError.StorageFailure, (await reopened.ReserveAsync(Request())).Error?.Code);
    }

    [Fact]
    public async Task Open_FileWithANewerSchema_Throws()
    {
        await CloseAsync(Track(OpenStore()));
        RawSql(PathOf(0), "PRAGMA user_version = 99;");
        Assert.Throws<InvalidOperationException>(() => OpenStore());
    }

    private static UInt128 Window(ReadOnlySpan<byte> bytes)
    {
        Span<byte> padded = stackalloc byte[16];
        bytes[..12].CopyTo(padded);
        return BinaryPrimitives.ReadUInt128LittleEndian(padded);
    }

    private static void RawSql(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static List<string> ReadAuditDetails(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT kind || ' ' || subject || ' ' || detail FROM audit;";
        using SqliteDataReader reader = command.ExecuteReader();
        var details = new List<string>();
        while (reader.Read())
        {
            details.Add(reader.GetString(0));
        }

        return details;
    }
}
