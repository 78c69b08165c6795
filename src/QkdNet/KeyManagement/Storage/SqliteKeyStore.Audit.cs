using Microsoft.Data.Sqlite;
using QkdNet.KeyManagement.Audit;

namespace QkdNet.KeyManagement.Storage;

public sealed partial class SqliteKeyStore
{
    private const string AuditHeadName = "audit.head";
    private long _auditSequence;
    private byte[] _auditHash = [];
    private long _auditHeadWritten;

    /// <summary>Appends one record to the chain, inside the caller's transaction.</summary>
    private void AppendAudit(AuditEventKind kind, string subject, string detail)
    {
        _options.BeforeAuditWrite?.Invoke(kind);
        long sequence = _auditSequence + 1;
        long at = NowUnixMilliseconds;
        string kindName = kind.ToString();
        byte[] hash = AuditChain.ComputeHash(_auditHash, sequence, at, kindName, subject, detail);
        SqliteCommand command = Command("INSERT INTO audit(seq, at, kind, subject, detail, prev_hash, hash) VALUES ($seq, $at, $kind, $subject, $detail, $prev, $hash);");
        command.Parameters.AddWithValue("$seq", sequence);
        command.Parameters.AddWithValue("$at", at);
        command.Parameters.AddWithValue("$kind", kindName);
        command.Parameters.AddWithValue("$subject", subject);
        command.Parameters.AddWithValue("$detail", detail);
        command.Parameters.AddWithValue("$prev", _auditHash);
        command.Parameters.AddWithValue("$hash", hash);
        command.ExecuteNonQuery();
        _auditSequence = sequence;
        _auditHash = hash;
    }

    /// <summary>
    /// Signs the chain's head (sequence and hash) with a key derived from the master key, once per batch, so
    /// deleting the newest records (which leaves a valid shorter chain) is caught too.
    /// </summary>
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
        // requests earlier in this batch may have moved the head: sign it now, so it matches the records read below
        WriteAuditHeadIfMoved();
        var chain = new AuditChainReader();
        using (SqliteDataReader reader = Command("SELECT seq, at, kind, subject, detail, prev_hash, hash FROM audit ORDER BY seq;").ExecuteReader())
        {
            while (reader.Read())
            {
                AuditVerification? broken = chain.Add(
                    reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), (byte[])reader[5], (byte[])reader[6]);
                if (broken is not null)
                {
                    return broken;
                }
            }
        }

        byte[]? head = null;
        if (_cipher is not null)
        {
            using SqliteDataReader reader = ReadMeta(AuditHeadName);
            head = reader.Read() ? (byte[])reader[0] : null;
        }

        return chain.Finish(_cipher?.MasterKey, head);
    }
}
