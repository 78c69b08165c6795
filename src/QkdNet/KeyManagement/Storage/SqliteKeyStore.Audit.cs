using Microsoft.Data.Sqlite;
using QkdNet.KeyManagement.Audit;

namespace QkdNet.KeyManagement.Storage;

public sealed partial class SqliteKeyStore : IAuditedStore
{
    private readonly AuditHead _auditHead = new();

    /// <inheritdoc />
    AuditHead IAuditedStore.AuditHead => _auditHead;

    /// <inheritdoc />
    TimeProvider IAuditedStore.Time => _time;

    /// <inheritdoc />
    Action<AuditEventKind>? IAuditedStore.BeforeAuditWrite => _options.BeforeAuditWrite;

    /// <inheritdoc />
    public Task<AuditVerification> VerifyAuditChainAsync(CancellationToken cancellationToken = default) => StoreAudit.VerifyAsync(this, cancellationToken);

    /// <summary>Appends one record to the chain, inside the caller's transaction.</summary>
    private void AppendAudit(AuditEventKind kind, string subject, string detail) => StoreAudit.Append(this, kind, subject, detail);

    /// <inheritdoc />
    void IAuditedStore.InsertAudit(long sequence, long at, string kind, string subject, string detail, byte[] previousHash, byte[] hash)
    {
        SqliteCommand command = Command("INSERT INTO audit(seq, at, kind, subject, detail, prev_hash, hash) VALUES ($seq, $at, $kind, $subject, $detail, $prev, $hash);");
        command.Parameters.AddWithValue("$seq", sequence);
        command.Parameters.AddWithValue("$at", at);
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$subject", subject);
        command.Parameters.AddWithValue("$detail", detail);
        command.Parameters.AddWithValue("$prev", previousHash);
        command.Parameters.AddWithValue("$hash", hash);
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    AuditVerification? IAuditedStore.ReadAuditChain(AuditChainReader chain)
    {
        using SqliteDataReader reader = Command("SELECT seq, at, kind, subject, detail, prev_hash, hash FROM audit ORDER BY seq;").ExecuteReader();
        while (reader.Read())
        {
            AuditVerification? broken = chain.Add(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), (byte[])reader[5], (byte[])reader[6]);
            if (broken is not null)
            {
                return broken;
            }
        }

        return null;
    }

    /// <inheritdoc />
    (long Sequence, byte[] Hash)? IAuditedStore.ReadAuditTail()
    {
        using SqliteDataReader reader = Command("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1;").ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), (byte[])reader[1]) : null;
    }

    /// <inheritdoc />
    byte[]? IAuditedStore.ReadMeta(string name)
    {
        using SqliteDataReader reader = ReadMeta(name);
        return reader.Read() ? (byte[])reader[0] : null;
    }
}
