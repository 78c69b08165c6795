using Npgsql;
using QkdNet.KeyManagement.Audit;

namespace QkdNet.Storage.Postgres;

public sealed partial class PostgresKeyStore
{
    private const string AuditHeadName = "audit.head";
    private long _auditSequence;
    private byte[] _auditHash = [];
    private long _auditHeadWritten;

    /// <summary>Appends one record to the chain, inside the batch's transaction; a failure fails the request.</summary>
    private void AppendAudit(AuditEventKind kind, string subject, string detail)
    {
        _options.BeforeAuditWrite?.Invoke(kind);
        long sequence = _auditSequence + 1;
        long at = NowUnixMilliseconds;
        string kindName = kind.ToString();
        byte[] hash = AuditChain.ComputeHash(_auditHash, sequence, at, kindName, subject, detail);
        Defer("INSERT INTO audit(seq, at, kind, subject, detail, prev_hash, hash) VALUES (@seq, @at, @kind, @subject, @detail, @prev, @hash);")
            .With("seq", sequence).With("at", at).With("kind", kindName).With("subject", subject).With("detail", detail)
            .With("prev", _auditHash).With("hash", hash);
        _auditSequence = sequence;
        _auditHash = hash;
    }

    /// <summary>Signs the chain's head once per batch (see <see cref="AuditChainReader.SignHead"/>).</summary>
    private void WriteAuditHeadIfMoved()
    {
        if (_auditSequence != _auditHeadWritten && _cipher is { } cipher)
        {
            WriteMeta(AuditHeadName, AuditChainReader.SignHead(cipher.MasterKey, _auditSequence, _auditHash));
            _auditHeadWritten = _auditSequence;
        }
    }

    private AuditVerification VerifyAuditChain()
    {
        // requests earlier in this batch may have moved the head; sign it now so it matches what is read below
        WriteAuditHeadIfMoved();
        var chain = new AuditChainReader();
        using (NpgsqlDataReader reader = Command("SELECT seq, at, kind, subject, detail, prev_hash, hash FROM audit ORDER BY seq;").ExecuteReader())
        {
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
        }

        return chain.Finish(_cipher?.MasterKey, _cipher is null ? null : ReadMeta(AuditHeadName));
    }
}
