using Npgsql;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Storage.Postgres;

public sealed partial class PostgresKeyStore : IAuditedStore
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

    /// <summary>Appends one record to the chain, inside the batch's transaction; a failure fails the request.</summary>
    private void AppendAudit(AuditEventKind kind, string subject, string detail) => StoreAudit.Append(this, kind, subject, detail);

    /// <inheritdoc />
    void IAuditedStore.InsertAudit(long sequence, long at, string kind, string subject, string detail, byte[] previousHash, byte[] hash) =>
        Defer("INSERT INTO audit(seq, at, kind, subject, detail, prev_hash, hash) VALUES (@seq, @at, @kind, @subject, @detail, @prev, @hash);")
            .With("seq", sequence).With("at", at).With("kind", kind).With("subject", subject).With("detail", detail)
            .With("prev", previousHash).With("hash", hash);

    /// <inheritdoc />
    AuditVerification? IAuditedStore.ReadAuditChain(AuditChainReader chain)
    {
        using NpgsqlDataReader reader = Command("SELECT seq, at, kind, subject, detail, prev_hash, hash FROM audit ORDER BY seq;").ExecuteReader();
        while (reader.Read())
        {
            AuditVerification? broken = chain.Add(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<byte[]>(5), reader.GetFieldValue<byte[]>(6));
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
        using NpgsqlDataReader reader = Command("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1;").ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)) : null;
    }

    /// <inheritdoc />
    byte[]? IAuditedStore.ReadMeta(string name) => ReadMeta(name);
}
